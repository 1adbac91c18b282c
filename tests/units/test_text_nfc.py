"""Text typed decomposed (NFD) is stored composed (NFC) and found however it is searched."""

import importlib
import unicodedata

from django.apps import apps
from django.urls import reverse

from core.text import clean_text
from tests.factories.roster import confirm, person_row, post_import, xlsx_file
from tests.factories.units import PersonFactory
from units.models import Person
from units.roster import columns as r

NAME = "Nguyễn Thị Hồng Nhung"
NFD = unicodedata.normalize("NFD", NAME)


def test_clean_text_composes_and_trims():
    assert NFD != NAME
    assert clean_text(f"  {NFD}\n") == NAME
    assert clean_text(None) == ""


def test_nfd_name_imported_is_stored_nfc(admin_client, office):
    row = person_row("CB90001", **{r.COL_FULL_NAME: NFD, r.COL_POSITION: f" {NFD} "})

    confirm(admin_client, post_import(admin_client, xlsx_file([row])))

    person = Person.objects.get(staff_code="CB90001")
    assert (person.full_name, person.position_title) == (NAME, NAME)


def test_admin_search_finds_the_name_typed_either_way(admin_client, office):
    PersonFactory(staff_code="CB90001", full_name=NAME, unit=office)
    url = reverse("admin:units_person_changelist")

    for query in (NAME, NFD):
        response = admin_client.get(url, {"q": query})
        assert [p.staff_code for p in response.context["cl"].result_list] == ["CB90001"]


def test_unit_list_search_finds_the_name_typed_decomposed(admin_client, office):
    office.name = "Phòng Tư pháp"
    office.save()

    response = admin_client.get(
        reverse("units:unit_list"), {"q": unicodedata.normalize("NFD", "tư pháp")}
    )

    assert office in list(response.context["units"])


def test_data_migration_normalises_existing_rows(db, office):
    person = PersonFactory(staff_code="CB90001", unit=office)
    Person.objects.filter(pk=person.pk).update(full_name=NFD, position_title=f"{NFD} ")
    migration = importlib.import_module("units.migrations.0001_squashed_0002_normalise_text_nfc")

    migration.normalise_text(apps, None)

    person.refresh_from_db()
    assert (person.full_name, person.position_title) == (NAME, NAME)
