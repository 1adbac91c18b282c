"""manage.py verify_seals: every signed record checked, each mismatch printed, exit code."""

import datetime
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import State
from tests.factories import commitments as cf
from tests.factories import evaluations as ef
from tests.tampering import raw_update


def _sign_some(count=2, year=2021):
    """``count`` signed evaluations, one concluded only; a commitment signed online, one on
    paper."""
    org = ef.Org()
    cycle = org.open_cycle()
    signed = [ef.to_signed(org, org.evaluation(cycle, person)) for person in org.staff[:count]]
    ef.to_concluded(org, org.evaluation(cycle, org.staff[count]))
    world = cf.Org(year=year)
    campaign = world.open_campaign()
    online = world.sign_online(campaign, world.staff[0])
    world.record_paper(campaign, world.staff[1], signed_on=datetime.date(2021, 10, 4))
    return signed, online


def _run():
    out = io.StringIO()
    call_command("verify_seals", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_every_intact_seal_gives_exit_code_0_and_the_counts():
    _sign_some()

    output = _run()

    assert "2 evaluations checked, 0 not matching" in output
    assert "2 commitments checked, 0 not matching" in output


@pytest.mark.django_db
def test_a_row_changed_by_raw_sql_is_flagged_with_exit_code_1():
    signed, online = _sign_some()
    evaluation = signed[1]
    raw_update("evaluations_evaluation", evaluation.pk, state=State.HEAD_REVIEW)
    raw_update("commitments_commitment", online.pk, typed_name="Người khác")
    out = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("verify_seals", stdout=out)

    assert refused.value.returncode == 1
    assert "2 evaluations checked, 1 not matching" in str(refused.value)
    assert "2 commitments checked, 1 not matching" in str(refused.value)
    lines = out.getvalue().splitlines()
    person = evaluation.person
    [flagged] = [line for line in lines if line.startswith("MISMATCH evaluation")]
    assert f"evaluation {evaluation.pk} {person.staff_code} {person.full_name}" in flagged
    assert f"expected {evaluation.content_sha256}, found " in flagged
    assert any(line.startswith(f"MISMATCH commitment {online.pk} ") for line in lines)


@pytest.mark.django_db
def test_show_prints_the_exact_bytes_that_are_hashed():
    signed, _online = _sign_some()
    out = io.StringIO()

    call_command("verify_seals", "--show", f"evaluation:{signed[0].pk}", stdout=out)

    shown = out.getvalue().strip()
    assert shown.startswith('["v2","evaluation",[["evaluation",')
    assert hashlib.sha256(shown.encode()).hexdigest() == signed[0].content_sha256
    with pytest.raises(CommandError):
        call_command("verify_seals", "--show", "person:1", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_seal_wiped_from_a_signed_row_is_flagged():
    signed, _online = _sign_some()
    raw_update("evaluations_evaluation", signed[0].pk, content_sha256="")

    with pytest.raises(CommandError):
        call_command("verify_seals", stdout=io.StringIO())


def _queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        _run()
    return len(queries)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_evaluations():
    _sign_some(1)
    few = _queries()
    _sign_some(3, year=2022)  # another organisation: 1 + 3 signed evaluations in all

    assert _queries() == few


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup API")
@pytest.mark.django_db(transaction=True)
def test_the_seals_verify_after_a_backup_is_restored(tmp_path, settings):
    """core.backup on SQLite (PostgreSQL: scripts/backup_roundtrip.py runs verify_seals)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    signed, _online = _sign_some()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=io.StringIO())
    [made] = (tmp_path / "backups").iterdir()
    assert json.loads((made / "manifest.json").read_text())["database"]["vendor"] == "sqlite"
    raw_update("evaluations_evaluation", signed[0].pk, state=State.HEAD_REVIEW)
    with pytest.raises(CommandError):
        call_command("verify_seals", stdout=io.StringIO())

    call_command("restore", "--noinput", str(made), stdout=io.StringIO())

    assert "2 evaluations checked, 0 not matching" in _run()
