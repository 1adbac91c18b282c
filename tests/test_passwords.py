"""Passwords set through a form are at least 10 characters, not common, not built on the
district's or the project's words, and never the demo password outside DEBUG. Stored hashes
are not re-checked."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.passwords import DemoPasswordValidator, ForbiddenWordsValidator, fold
from tests.factories.units import DEFAULT_PASSWORD, UnitFactory, UserFactory
from units.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def refusal(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_a_long_unusual_password_is_accepted():
    assert refusal("Hoa-sen-no-ruc-ro-7", UserFactory()) == []


def test_nine_characters_are_too_short():
    assert "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 10 ký tự." in refusal("Xk7#pq2Lm")


def test_a_common_password_is_refused():
    assert "Mật khẩu này quá phổ biến." in refusal("qwertyuiop")


@pytest.mark.parametrize(
    "password",
    ["MatKhau123456", "Mật-khẩu-2026!", "LONGBIEN@2026x", "Phuong#20262026", "quan.123456789"],
)
def test_project_and_vietnamese_words_are_refused(password):
    messages = refusal(password)
    assert any("dựa trên những từ dễ đoán" in message for message in messages), messages


def test_unit_names_are_refused_without_diacritics_or_case():
    UnitFactory(name="UBND phường Gia Thụy")
    assert refusal("GIA-THUY-2026-!!")
    assert refusal("giathuy@20262026")


def test_the_login_name_is_refused():
    user = UserFactory(username="nguyenhoa")
    assert any("nguyenhoa" in message for message in refusal("NguyenHoa!2026", user))


def test_a_word_inside_a_long_password_with_enough_else_is_accepted():
    assert refusal("Quang-trung-hoa-binh-7") == []


def test_the_demo_password_is_refused_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(ValidationError) as refused:
        DemoPasswordValidator().validate(DEMO_PASSWORD)
    assert refused.value.code == "password_demo"
    assert "mật khẩu dùng thử" in refused.value.messages[0]
    assert any("mật khẩu dùng thử" in message for message in refusal(DEMO_PASSWORD))


def test_the_demo_password_validator_lets_developers_use_it_with_debug(settings):
    settings.DEBUG = True
    DemoPasswordValidator().validate(DEMO_PASSWORD)


def test_fold_drops_diacritics_case_and_punctuation():
    assert fold("Long Biên – Đức Giang!") == "longbienducgiang"


def test_forbidden_words_include_the_endings_of_unit_names():
    UnitFactory(name="Trường THCS Ngọc Lâm")
    words = ForbiddenWordsValidator(words_from="units.selectors.unit_names").forbidden_words()
    assert {"truongthcsngoclam", "thcsngoclam", "ngoclam"} <= words


def test_the_password_change_page_explains_in_vietnamese(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "matkhau1",
            "new_password2": "matkhau1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn" in page
    assert "dựa trên những từ dễ đoán" in page


def test_a_stored_demo_password_still_logs_in(client):
    """Validators apply when a password is set, never to hashes already stored."""
    user = UserFactory()
    user.set_password(DEMO_PASSWORD)
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
