import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from branches.validators import CREDIT_CODE_ALPHABET, credit_code_check_char, validate_credit_code
from members.validators import id_birth_date, id_check_char, id_gender, validate_id_number

credit_bodies = st.builds(
    lambda head, region, rest: head + region + rest,
    st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=9, max_size=9),
)


def test_published_credit_code_is_accepted():
    validate_credit_code("91350100M000100Y43")


def test_credit_code_with_wrong_check_digit_names_the_right_one():
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91350100M000100Y44")
    assert "校验位不正确" in exc.value.messages[0] and "3" in exc.value.messages[0]


@pytest.mark.parametrize("code, reason", [
    ("91350100M000100Y4", "应为18位"),
    ("91350100M00010OY43", "不允许的字符"),
    ("91ABCDEFM000100Y43", "行政区划"),
])
def test_malformed_credit_codes_are_explained(code, reason):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert reason in exc.value.messages[0]


@given(credit_bodies)
def test_any_body_with_its_check_char_validates(body):
    validate_credit_code(body + credit_code_check_char(body))


@given(credit_bodies, st.sampled_from(CREDIT_CODE_ALPHABET))
def test_any_other_check_char_is_rejected(body, wrong):
    right = credit_code_check_char(body)
    if wrong != right:
        with pytest.raises(ValidationError):
            validate_credit_code(body + wrong)


def test_lower_case_credit_code_is_accepted():
    validate_credit_code("91350100m000100y43")


def test_id_number_check_digit_and_lower_case_x():
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x")
    with pytest.raises(ValidationError, match="校验位"):
        validate_id_number("110105194912310021")


def test_id_number_birth_date_and_gender():
    assert str(id_birth_date("11010519491231002X")) == "1949-12-31"
    assert id_gender("11010519491231002X") == "female"
    with pytest.raises(ValidationError, match="出生日期"):
        body = "11010519491331002"
        validate_id_number(body + id_check_char(body))
