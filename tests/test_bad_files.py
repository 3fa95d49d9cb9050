"""Malformed uploads are refused with a clear message, within bounded time and memory, and nothing
is written; validators and the roster parser hold for generated input (hypothesis)."""

import io
import os
import re
import struct
import time
import tracemalloc
import zipfile
from datetime import date

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from members.importing.dates import DateError, parse_date
from members.importing.normalize import text
from members.importing.reader import FileError
from members.importing.service import import_roster
from members.models import Member
from members.validators import id_check_char, validate_id_number
from tests.test_roster_import import person, xlsx

pytestmark = pytest.mark.django_db
TIME_LIMIT = 20  # seconds on a loaded 2-core machine; each case normally takes well under one
MEMORY_LIMIT = 150 * 1024 * 1024


def attempt(data, user, write=True):
    """Run the import; return the FileError message (or None), after checking time and memory."""
    tracemalloc.start()
    started = time.perf_counter()
    message = None
    try:
        outcome = import_roster(data, user, write=write, actor=user)
        message = None if outcome.ok else "; ".join(e["message"] for e in outcome.errors[:3])
    except FileError as exc:
        message = str(exc)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < TIME_LIMIT
    assert peak < MEMORY_LIMIT, f"peak {peak / 1e6:.0f} MB"
    assert not Member.objects.exists()
    return message


def replace_member(data: bytes, name: str, content: bytes, compress=zipfile.ZIP_DEFLATED) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item.filename))
    return out.getvalue()


def sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def with_spaces(data: bytes, name: str, megabytes: int) -> bytes:
    """The xlsx with `megabytes` MB of spaces after the XML of part `name` (still valid XML;
    deflate packs them about 1000:1)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            with target.open(item.filename, "w") as part:
                part.write(source.read(item.filename))
                if item.filename == name:
                    chunk = b" " * (1 << 20)
                    for _ in range(megabytes):
                        part.write(chunk)
    return out.getvalue()


def understating(data: bytes, name: str) -> bytes:
    """The archive with part `name`'s uncompressed size written as 1,000 bytes in its local header
    and in the central directory (a lying directory)."""
    out = bytearray(data)
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    central = out.rfind(b"PK\x01\x02", 0, out.rfind(name.encode()))
    struct.pack_into("<L", out, local + 22, 1000)
    struct.pack_into("<L", out, central + 24, 1000)
    return bytes(out)


def peak_memory(action) -> int:
    tracemalloc.start()
    try:
        action()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tree):
    bomb = with_spaces(xlsx([person(1)]), "xl/worksheets/sheet1.xml", 1024)  # 1 GB of spaces, ~1 MB packed
    assert len(bomb) < 5 * (1 << 20)
    assert "解压后过大" in attempt(bomb, tree.admin_w)


def test_the_unpacked_size_is_capped_at_50_mb_by_default(tree):
    bomb = with_spaces(xlsx([person(1)]), "xl/worksheets/sheet1.xml", 60)
    message = attempt(bomb, tree.admin_w)
    assert "解压后过大" in message and "上限为 50 MB" in message


def test_a_part_packed_tighter_than_any_spreadsheet_is_refused(tree):
    bomb = with_spaces(xlsx([person(1)]), "xl/worksheets/sheet1.xml", 10)  # under the cap, but ~1000:1
    assert "压缩比异常" in attempt(bomb, tree.admin_w)


def test_a_lying_directory_stops_the_inflating_at_the_size_it_declares(tree):
    lying = understating(with_spaces(xlsx([person(1)]), "[Content_Types].xml", 300), "[Content_Types].xml")
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("[Content_Types].xml").file_size == 1000
    assert "文件已损坏" in attempt(lying, tree.admin_w)  # attempt() also checks peak memory (150 MB)


def test_an_archive_of_thousands_of_parts_is_refused_before_its_directory_is_parsed(tree):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(20_000):
            archive.writestr(f"x/{n}", b"")
    assert "文件结构异常" in attempt(out.getvalue(), tree.admin_w)


def test_a_part_packed_with_another_method_than_deflate_is_refused(tree):
    data = xlsx([person(1)])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as target:  # bzip2 inflates without a bound per read
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    assert "文件已损坏" in attempt(out.getvalue(), tree.admin_w)


def test_a_sheet_claiming_a_million_rows_is_read_as_the_rows_it_has(tree):
    data = xlsx([person(1), person(2)])
    xml = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:N1048576"', sheet_xml(data))
    outcome = import_roster(replace_member(data, "xl/worksheets/sheet1.xml", xml), tree.admin_w, write=False)
    assert outcome.ok and outcome.created == 2


def test_a_sheet_whose_rows_jump_to_a_million_is_bounded(tree):
    data = xlsx([person(1)])
    xml = sheet_xml(data).replace(b'<row r="2"', b'<row r="1000000"').replace(b'r="A2"', b'r="A1000000"')
    assert attempt(replace_member(data, "xl/worksheets/sheet1.xml", xml), tree.admin_w, write=False) is None


@override_settings(ROSTER_IMPORT_MAX_RATIO=10_000)  # one character repeated packs ~950:1, which is refused first
def test_a_ten_megabyte_cell_is_refused_with_a_row_error(tree):
    data = xlsx([person(1, 工作岗位="PLACEHOLDER")])  # openpyxl itself caps cells at 32,767 characters
    archive = zipfile.ZipFile(io.BytesIO(data))
    part = next(n for n in archive.namelist() if b"PLACEHOLDER" in archive.read(n))
    huge = archive.read(part).replace(b"PLACEHOLDER", "岗".encode() * (10 * 1024 * 1024 // 3))
    message = attempt(replace_member(data, part, huge), tree.admin_w)
    assert message and "不能超过60个字" in message


def test_a_renamed_binary_is_not_an_xlsx(tree):
    assert "不是有效的 xlsx 文件" in attempt(os.urandom(4096), tree.admin_w)


def test_a_csv_in_disguise_is_not_an_xlsx(tree):
    csv = "姓名,公民身份号码,入党日期,所在党组织\n张三,11010519491231002X,2010-07-01,A\n".encode("gb18030")
    assert "不是有效的 xlsx 文件" in attempt(csv, tree.admin_w)


FORMATS = [
    lambda d: d.strftime("%Y.%m.%d"), lambda d: f"{d.year}-{d.month}-{d.day}", lambda d: d.strftime("%Y/%m/%d"),
    lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: d.isoformat(),
]
FULL_WIDTH = str.maketrans("0123456789-./", "０１２３４５６７８９－．／")


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2030, 12, 31)), st.sampled_from(FORMATS),
       st.booleans(), st.sampled_from(["", " ", "\u3000", "\t"]))
def test_every_supported_date_spelling_parses_back(day, spell, full_width, padding):
    written = spell(day)
    if full_width:
        written = written.translate(FULL_WIDTH)
    assert parse_date(padding + written + padding) == day


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalised_text_is_stable_and_has_no_full_width_digits_or_edge_spaces(raw):
    once = text(raw)
    assert text(once) == once
    assert once == once.strip() and not re.search("[０-９\u3000]", once)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2008, 12, 31)), st.integers(0, 999),
       st.sampled_from(["110105", "330102", "440305"]))
def test_an_id_number_with_its_check_character_validates_and_others_do_not(birth, order, region):
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    right = id_check_char(body)
    validate_id_number(body + right.lower())
    for wrong in "0123456789X":
        if wrong != right:
            with pytest.raises(Exception):
                validate_id_number(body + wrong)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_the_date_parser_answers_a_date_or_a_chinese_error(raw):
    try:
        result = parse_date(raw)
    except DateError as exc:
        assert "日期" in str(exc)
    else:
        assert result is None or isinstance(result, date)
