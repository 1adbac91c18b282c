"""Signing online and on paper: who may, what is kept, and that it never changes after."""

import pytest
from django.core import mail

from commitments import services
from commitments.errors import CommitmentError, NotAllowedError, SignedError, WrongStateError
from commitments.models import AuditEntry, Commitment
from commitments.texts import sha256_hex
from tests.factories.units import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def _sign(org, campaign, person, *, actor=None, typed_name=None, password=DEFAULT_PASSWORD):
    return services.commitment_sign_online(
        commitment=org.commitment(campaign, person),
        actor=actor or person.user,
        typed_name=person.full_name if typed_name is None else typed_name,
        password=password,
        ip_address="10.0.0.7",
        user_agent="Mozilla/5.0 thử nghiệm",
    )


def test_signing_keeps_the_full_text_its_hash_time_ip_and_browser(
    org, campaign, django_capture_on_commit_callbacks
):
    person = org.staff[0]
    with django_capture_on_commit_callbacks(execute=True):
        signed = _sign(org, campaign, person)

    signed.refresh_from_db()
    assert signed.status == Commitment.Status.SIGNED and signed.method == "online"
    assert "Trần Thị Mai" in signed.signed_text
    assert "Chuyên viên" in signed.signed_text and "UBND phường Bồ Đề" in signed.signed_text
    for criterion in org.staff_set.groups.first().criteria.all():
        assert criterion.text in signed.signed_text
    assert signed.text_sha256 == sha256_hex(signed.signed_text)
    assert signed.ip_address == "10.0.0.7" and signed.user_agent == "Mozilla/5.0 thử nghiệm"
    assert signed.signed_at and signed.typed_name == "Trần Thị Mai"
    assert AuditEntry.objects.filter(commitment=signed, action="sign_online").exists()
    assert len(mail.outbox) == 1


def test_name_matches_ignoring_case_and_spaces(org, campaign):
    assert _sign(org, campaign, org.staff[0], typed_name="  trần   THỊ mai ").is_signed


@pytest.mark.parametrize("typed", ["Tran Thi Mai", "Trần Thị", "Trần Thị Mại"])
def test_a_name_that_does_not_match_is_refused(org, campaign, typed):
    with pytest.raises(CommitmentError) as error:
        _sign(org, campaign, org.staff[0], typed_name=typed)
    assert error.value.code == "name"
    assert "dấu" in error.value.messages[0]
    assert not org.commitment(campaign, org.staff[0]).is_signed


def test_a_wrong_password_is_refused(org, campaign):
    with pytest.raises(CommitmentError) as error:
        _sign(org, campaign, org.staff[0], password="sai-mat-khau")
    assert error.value.code == "password"
    assert error.value.messages == ["Mật khẩu không đúng."]
    assert not org.commitment(campaign, org.staff[0]).is_signed


def test_signing_twice_is_refused_and_changes_nothing(org, campaign):
    first = _sign(org, campaign, org.staff[0])
    with pytest.raises(WrongStateError) as error:
        _sign(org, campaign, org.staff[0])
    assert error.value.code == "already_signed"
    again = org.commitment(campaign, org.staff[0])
    assert (again.signed_at, again.text_sha256) == (first.signed_at, first.text_sha256)


def test_nobody_signs_someone_elses_commitment(org, campaign):
    for actor in (org.staff[1].user, org.chairman.user, org.gov_clerk):
        with pytest.raises(NotAllowedError):
            _sign(org, campaign, org.staff[0], actor=actor)
    assert not org.commitment(campaign, org.staff[0]).is_signed


def test_signed_text_never_changes_when_the_campaign_text_is_edited(org, campaign):
    signed = _sign(org, campaign, org.staff[0])
    campaign.text_template = "Văn bản mới {full_name}"
    campaign.save()

    signed.refresh_from_db()
    assert "Văn bản mới" not in signed.signed_text
    assert signed.text_sha256 == sha256_hex(signed.signed_text)
    # A person who signs later signs the new text.
    assert _sign(org, campaign, org.staff[1]).signed_text == "Văn bản mới Lê Văn Hùng"


def test_a_signed_commitment_refuses_every_change(org, campaign):
    signed = _sign(org, campaign, org.staff[0])

    signed.signed_text = "sửa"
    with pytest.raises(SignedError):
        signed.save()
    with pytest.raises(SignedError):
        Commitment.objects.filter(pk=signed.pk).update(signed_text="sửa")
    with pytest.raises(SignedError):
        Commitment.objects.get(pk=signed.pk).delete()
    assert Commitment.objects.get(pk=signed.pk).text_sha256 == sha256_hex(
        Commitment.objects.get(pk=signed.pk).signed_text
    )


def test_paper_commitment_keeps_the_scan_its_hash_and_who_recorded_it(org, campaign):
    recorded = org.record_paper(campaign, org.staff[1])
    recorded.refresh_from_db()
    assert recorded.method == "paper" and recorded.recorded_by == org.gov_clerk
    assert recorded.scan.read().startswith(b"%PDF-")
    assert len(recorded.scan_sha256) == 64 and not recorded.is_late
    assert "Lê Văn Hùng" in recorded.signed_text


def test_only_the_clerk_of_the_persons_ward_and_block_records_paper(org, campaign):
    for actor in (org.party_clerk, org.school_clerk, org.home_affairs, org.staff[1].user):
        with pytest.raises(NotAllowedError):
            org.record_paper(campaign, org.staff[1], actor=actor)


def test_paper_for_an_already_signed_commitment_is_refused(org, campaign):
    _sign(org, campaign, org.staff[0])
    with pytest.raises(WrongStateError):
        org.record_paper(campaign, org.staff[0])
