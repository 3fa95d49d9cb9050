"""An uploaded xlsx as a zip archive: the checks made before anything is inflated, and an archive
that never inflates more than its directory declared.

`open_archive` reads only the file's leading bytes and its central directory, so it is cheap
enough for the web request (members.importing.jobs.create_job) whatever the file holds. It
refuses an archive whose parts would unpack to more than ROSTER_IMPORT_MAX_UNZIPPED_BYTES
(default 50 MB) or that are packed tighter than any spreadsheet (ROSTER_IMPORT_MAX_RATIO,
default 200:1; real sheets pack 5–25:1, a zip bomb about 1000:1).

The `BoundedZipFile` it returns hands out parts as streams that inflate at most 64 KB per read
and no further than the part's declared size, so a directory that understates a part (a lying
zip bomb) costs no more memory than an honest one: reading stops at the declared size and the
part then fails its checksum."""

import io
import zipfile

from django.conf import settings

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE container: .xls, or an xlsx with a password
MAX_PARTS = 1000  # an xlsx has a dozen or so; parsing a directory of 200,000 takes seconds
MAX_DIRECTORY_BYTES = 1 << 20
RATIO_FLOOR_BYTES = 1 << 20  # a small part may pack tightly (a blank sheet); only large ones are judged
READ_CHUNK = 1 << 16
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Excel and WPS write; bzip2/lzma reads are unbounded

CONTENT_TYPES = "[Content_Types].xml"  # every Office Open XML package has this part, by this name
CORRUPT = "文件已损坏或不是 xlsx 格式，无法读取。"


class FileError(ValueError):
    """The file as a whole cannot be imported; the message is for the user."""


def max_bytes() -> int:
    return getattr(settings, "ROSTER_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def max_unzipped_bytes() -> int:
    """A roster of 70,000 rows as Excel saves it unpacks to about 50 MB."""
    return getattr(settings, "ROSTER_IMPORT_MAX_UNZIPPED_BYTES", 50 * 1024 * 1024)


def max_ratio() -> int:
    return getattr(settings, "ROSTER_IMPORT_MAX_RATIO", 200)


def open_archive(data: bytes) -> "BoundedZipFile":
    """The upload as an archive, or FileError. Inflates nothing."""
    if len(data) > max_bytes():
        raise FileError(f"文件过大，上限为 {max_bytes() / 1048576:.0f} MB。")
    if data[:8] == CFB_MAGIC:
        raise FileError("文件已加密或不是xlsx格式：请在 Excel 中取消打开密码（或将 .xls 另存为 .xlsx）后重新上传。")
    if not data.startswith(b"PK"):
        raise FileError("不是有效的 xlsx 文件，请上传 Excel 的 .xlsx 文件。")
    _check_directory_size(data)
    try:
        archive = BoundedZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise FileError(CORRUPT) from exc
    parts = archive.infolist()
    if any(part.compress_type not in METHODS for part in parts) or CONTENT_TYPES not in archive.namelist():
        raise FileError(CORRUPT)
    if any(part.flag_bits & 0x1 for part in parts):
        raise FileError("文件已加密，请取消密码后重新上传。")
    _check_unpacked_size(parts)
    return archive


def _check_directory_size(data: bytes) -> None:
    # The end record is what ZipFile itself reads to find the directory (zip64 included), so
    # these are the numbers ZipFile would act on.
    end = zipfile._EndRecData(io.BytesIO(data))
    if end is None:
        raise FileError(CORRUPT)
    if end[zipfile._ECD_ENTRIES_TOTAL] > MAX_PARTS or end[zipfile._ECD_SIZE] > MAX_DIRECTORY_BYTES:
        raise FileError("文件结构异常（压缩包内的文件过多），不是 Excel 保存的名册，无法导入。")


def _check_unpacked_size(parts: list[zipfile.ZipInfo]) -> None:
    total, limit = sum(part.file_size for part in parts), max_unzipped_bytes()
    if total > limit:
        raise FileError(f"文件解压后过大（约 {total / 1048576:.0f} MB，上限为 {limit / 1048576:.0f} MB），"
                        "无法导入。请拆分后分批导入。")
    ratio = max_ratio()
    for part in parts:
        if part.file_size > RATIO_FLOOR_BYTES and part.file_size > ratio * max(part.compress_size, 1):
            raise FileError(f"文件压缩比异常（{part.file_size // max(part.compress_size, 1)}:1），"
                            "不是正常的 Excel 文件，已拒绝导入。")


class BoundedZipFile(zipfile.ZipFile):
    """A ZipFile whose parts are read in bounded steps (`ZipFile.read` would inflate a whole part
    in one call, however large it really is)."""

    def open(self, name, mode="r", pwd=None, **kwargs):
        stream = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return stream
        declared = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        return io.BufferedReader(_BoundedPart(stream, declared.file_size), READ_CHUNK)


class _BoundedPart(io.RawIOBase):
    def __init__(self, stream, declared_size: int):
        self.stream = stream
        self.left = declared_size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(min(len(buffer), READ_CHUNK))
        self.left -= len(data)
        if self.left < 0:  # CPython's ZipExtFile already stops at the declared size; this keeps it so
            raise FileError("文件内容与其目录不符（解压后超过声明的大小），已拒绝导入。")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()
