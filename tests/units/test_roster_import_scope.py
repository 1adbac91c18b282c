"""Roster import permissions, a ward administrator's scope, and the downloadable template."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories.roster import (
    PERSON_HEADERS,
    UNIT_HEADERS,
    assert_refused,
    confirm,
    error_items,
    import_url,
    person_row,
    post_import,
    read_xlsx,
    xlsx_file,
)
from tests.factories.units import PersonFactory, UserFactory
from units.models import Person

pytestmark = pytest.mark.django_db


# --- permissions and scope -------------------------------------------------------------------


def test_import_page_is_forbidden_without_the_import_permission(client, office):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(user)

    assert client.get(import_url()).status_code == 403


def test_import_page_is_forbidden_to_a_user_without_an_administrator_role(client, office):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_person", "import_person", "import_unit"])
    )
    client.force_login(user)

    assert client.get(import_url()).status_code == 403


def test_ward_administrator_imports_people_into_their_ward(ward_admin, office):
    confirm(ward_admin, post_import(ward_admin, xlsx_file([person_row("CB90001")])))

    assert Person.objects.get().unit == office


def test_ward_administrator_cannot_import_into_another_ward(ward_admin, office, other_office):
    rows = [person_row("CB90001"), person_row("CB90002", "GIATHUY-UBND")]

    response = post_import(ward_admin, xlsx_file(rows))

    assert_refused(response)
    assert error_items(response) == [
        "Dòng 3, cột “Mã đơn vị”: Đơn vị GIATHUY-UBND nằm ngoài phạm vi quản lý của bạn."
    ]


def test_ward_administrator_cannot_take_over_a_person_of_another_ward(
    ward_admin, office, other_office
):
    PersonFactory(staff_code="CB00001", unit=other_office)

    response = post_import(ward_admin, xlsx_file([person_row("CB00001")]))

    assert_refused(response, before=(1, 1))
    assert error_items(response) == [
        "Dòng 2, cột “Mã cán bộ”: Cán bộ CB00001 đang thuộc đơn vị GIATHUY-UBND, nằm ngoài "
        "phạm vi quản lý của bạn."
    ]


# --- the template ----------------------------------------------------------------------------


def test_import_page_links_to_the_template(admin_client, office):
    response = admin_client.get(import_url())

    assert reverse("admin:units_person_import_template") in response.content.decode()


def test_person_template_has_the_headers_and_an_example_row(admin_client, office):
    response = admin_client.get(reverse("admin:units_person_import_template"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response.content)
    assert rows[0] == [*PERSON_HEADERS, "Chuyển đơn vị"]
    assert len(rows) == 2
    assert rows[1][4] == "BODE-UBND"


def test_person_template_lists_only_the_units_in_scope_on_a_second_sheet(
    ward_admin, office, other_office
):
    response = ward_admin.get(reverse("admin:units_person_import_template"))

    codes = [row[0] for row in read_xlsx(response.content, sheet_index=1)[1:]]
    assert codes == ["BODE", "BODE-UBND"]


def test_filled_in_template_imports(admin_client, office):
    template = admin_client.get(reverse("admin:units_person_import_template")).content

    response = confirm(
        admin_client, post_import(admin_client, SimpleUploadedFile("m.xlsx", template))
    )

    assert response.status_code == 302
    assert Person.objects.get().staff_code == "CB00001"


def test_unit_template_has_the_unit_headers(admin_client):
    response = admin_client.get(reverse("admin:units_unit_import_template"))

    assert read_xlsx(response.content)[0] == UNIT_HEADERS


def test_template_download_needs_the_import_permission(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(user)

    assert client.get(reverse("admin:units_person_import_template")).status_code == 403
