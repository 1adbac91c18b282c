"""The site's pages outside the admin: layout, login, home page per persona, error pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from tests.factories.units import DEFAULT_PASSWORD, UserFactory
from tests.factories.world import LEADER_SET, STAFF_SET, build_world, grow


@pytest.fixture
def world(db):
    return build_world()


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- layout ------------------------------------------------------------------------------


def test_no_template_or_static_file_loads_anything_from_the_internet():
    roots = [settings.BASE_DIR / "templates", settings.BASE_DIR / "static" / "css"]
    roots += [settings.BASE_DIR / app / "templates" for app in ("reports", "units", "criteria")]
    for root in roots:
        for path in Path(root).rglob("*.*"):
            assert not re.search(r"(src|href)=\"(https?:)?//", path.read_text()), path


def test_bootstrap_is_vendored_with_its_licence():
    vendor = settings.BASE_DIR / "static" / "vendor" / "bootstrap"
    assert (vendor / "css" / "bootstrap.min.css").read_text().find("Bootstrap  v5.3.") != -1
    assert (vendor / "js" / "bootstrap.bundle.min.js").exists()
    assert "MIT" in (vendor / "LICENSE").read_text()


def test_layout_is_vietnamese_with_product_name_menu_and_footer(client, world):
    client.force_login(world.users["staff"])

    text = _text(client.get(reverse("home")))

    assert '<html lang="vi">' in text
    assert "Đánh giá sự chuyên nghiệp" in text
    assert "vendor/bootstrap/css/bootstrap.min.css" in text
    assert "Đổi mật khẩu" in text
    assert "Quyết định số 264/QĐ-QU của Quận ủy Long Biên" in text
    assert f'action="{reverse("logout")}" method="post"' in text
    assert f'action="{reverse("set_language")}" method="post"' in text


def test_admin_link_only_for_staff_users(client, world):
    client.force_login(world.users["staff"])
    assert reverse("admin:index") not in _text(client.get(reverse("home")))

    client.force_login(world.users["administrator"])
    assert reverse("admin:index") in _text(client.get(reverse("home")))


def test_language_switch_to_english_changes_html_lang(client, world):
    client.force_login(world.users["staff"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    text = _text(client.get(reverse("home")))

    assert '<html lang="en">' in text
    assert "Professionalism evaluation" in text
    assert "Your criteria set" in text


def test_messages_show_as_bootstrap_alerts(rf, world):
    from django.contrib.messages import constants, get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template import RequestContext, Template

    request = rf.get("/")
    request.user = world.users["staff"]
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(constants.ERROR, "Có lỗi xảy ra")
    html = Template('{% extends "base.html" %}').render(
        RequestContext(request, {"messages": get_messages(request)})
    )
    assert 'class="alert alert-danger alert-dismissible' in html
    assert "Có lỗi xảy ra" in html


# --- login and password ------------------------------------------------------------------


def test_login_page_has_vietnamese_labels(client, db):
    text = _text(client.get(reverse("login")))

    assert "Tên đăng nhập" in text
    assert "Mật khẩu" in text
    assert "Đăng nhập" in text


def test_wrong_password_shows_a_clear_vietnamese_error(client, world):
    response = client.post(reverse("login"), {"username": "BD0001", "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in _text(response)


def test_login_with_staff_code_goes_home(client, world):
    response = client.post(reverse("login"), {"username": "BD0001", "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_password_change_then_done_page(client, world):
    client.force_login(world.users["staff"])
    new_password = "Hoa-sen-no-2025!"  # "matkhau" is refused (core.passwords)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("password_change_done")
    assert "Mật khẩu của bạn đã được thay đổi" in _text(response)
    world.users["staff"].refresh_from_db()
    assert world.users["staff"].check_password(new_password)


def test_password_change_form_is_vietnamese(client, world):
    client.force_login(world.users["staff"])

    text = _text(client.get(reverse("password_change")))

    assert "Mật khẩu cũ" in text
    assert "Đổi mật khẩu của tôi" in text


# --- error pages -------------------------------------------------------------------------


def test_404_page_is_vietnamese_with_a_way_home(client, world):
    client.force_login(world.users["staff"])

    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in _text(response)
    assert f'href="{reverse("home")}"' in _text(response)


def test_500_page_renders_without_any_context():
    html = get_template("500.html").render()

    assert "Đã xảy ra lỗi hệ thống" in html
    assert 'href="/"' in html


def test_403_page_renders(rf, world):
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = world.users["staff"]

    response = permission_denied(request, exception=None)

    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_csrf_failure_uses_the_vietnamese_page(world):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in _text(response)


# --- home page per persona ---------------------------------------------------------------


def _link(name, attr):
    """The address of a world's object, as the page links to it."""
    return lambda world: reverse(name, args=[getattr(world, attr).pk])


# persona → what the home page shows them (text, or the address of a world's object) and
# what it does not.
HOME_PAGE = {
    "staff": (
        [
            "Trần Thị Mai",
            "BD0001",
            "UBND phường Bồ Đề",
            "Chuyên viên văn phòng",
            STAFF_SET,
            _link("criteria:set_detail", "staff_set"),
        ],
        ["Thủ trưởng đơn vị"],
    ),
    "head": (
        [
            LEADER_SET,
            "Thủ trưởng đơn vị",
            "Đơn vị của bạn có 2 người.",
            _link("units:unit_detail", "gov_a"),
        ],
        [],
    ),
    # The block office of the ward, with its counts.
    "clerk": (
        [
            "Văn phòng UBND – Phường Bồ Đề",
            "2 người thuộc khối này trong phường.",
            "?under=BODE&amp;block=government",
        ],
        [],
    ),
    # The district reviewers: their block and its counts.
    "home_affairs": (["Khối chính quyền", "2 đơn vị trong phạm vi của bạn.", "3 người."], []),
    "organisation_board": (
        ["Khối Đảng, đoàn thể", "1 đơn vị trong phạm vi của bạn.", "1 người."],
        [],
    ),
    "administrator": (
        [
            lambda world: reverse("admin:criteria_criteriaset_changelist"),
            lambda world: reverse("admin:units_unit_changelist"),
            lambda world: reverse("admin:units_person_changelist"),
        ],
        [],
    ),
}


@pytest.mark.parametrize("role", list(HOME_PAGE))
def test_home_page_shows_each_persona_what_concerns_them(client, world, role):
    shown, hidden = HOME_PAGE[role]
    client.force_login(world.users[role])

    text = _text(client.get(reverse("home")))

    for expected in shown:
        assert (expected(world) if callable(expected) else expected) in text
    for unexpected in hidden:
        assert unexpected not in text


def test_account_without_person_or_role_is_told_so(client, db):
    client.force_login(UserFactory())

    text = _text(client.get(reverse("home")))

    assert "chưa được gắn với cán bộ hoặc vai trò" in text


# The pages that count the units and people in scope run the same number of queries
# whatever the size of the wards: (page, persona) → queries.
SCOPE_PAGE_QUERIES = {
    # The home page: session + user, then: person, its unit, its criteria set, role
    # assignments; a head adds the unit's people count; scoped roles add two aggregates
    # (units, people); the commitments card looks for an open campaign (one query; none open
    # here); the evaluation cards: the current evaluation, colleague assessments waiting, and
    # for a head the open cycle (its progress would add two; none open here).
    ("home", "staff"): 9,
    ("home", "head"): 11,
    ("home", "clerk"): 7,
    ("home", "home_affairs"): 7,
    ("home", "administrator"): 5,
    # The unit list: session, user, role assignments, person, count, page; a superuser has
    # no scope to compute: session, user, count, page.
    ("units:unit_list", "staff"): 6,
    ("units:unit_list", "clerk"): 6,
    ("units:unit_list", "home_affairs"): 6,
    ("units:unit_list", "superuser"): 4,
}


@pytest.mark.parametrize("size", [3, 60])
@pytest.mark.parametrize(("page", "role"), list(SCOPE_PAGE_QUERIES))
def test_scope_pages_run_a_constant_number_of_queries(
    client, world, django_assert_num_queries, page, role, size
):
    grow(world.ward_a, units=size, people_per_unit=2)
    grow(world.ward_b, units=size, people_per_unit=2, party=True)
    client.force_login(world.users[role])

    with django_assert_num_queries(SCOPE_PAGE_QUERIES[page, role]):
        response = client.get(reverse(page))

    assert response.status_code == 200
