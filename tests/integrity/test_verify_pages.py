"""What both verify pages (/danh-gia/xac-minh/, /cam-ket/xac-minh/) answer to a code that
matches no signed record, and to a visitor who is not logged in."""

import pytest
from django.urls import reverse

from core.seals import verification_code

pytestmark = pytest.mark.django_db

# app → (the verify page, the signed record, its seal's column, who asks, the 404's words)
PAGES = {
    "evaluations": (
        "evaluations:verify",
        lambda sealed: sealed.evaluation,
        "content_sha256",
        lambda sealed: sealed.org.head.user,
        "Không có phiếu đánh giá đã ký nào mang mã xác minh",
    ),
    "commitments": (
        "commitments:verify",
        lambda sealed: sealed.online,
        "seal_sha256",
        lambda sealed: sealed.online.person.user,
        "Không có bản cam kết đã ký nào mang mã xác minh",
    ),
}


@pytest.mark.parametrize("app", PAGES)
def test_a_code_matching_nothing_is_a_404_that_says_so(client, sealed, app):
    page, record, column, who, words = PAGES[app]
    seal = getattr(record(sealed), column)
    client.force_login(who(sealed))
    wrong = "AAAAA-AAAAA" if not seal.startswith("00") else "ZZZZZ-ZZZZZ"  # A is base32's 0

    response = client.get(reverse(page, args=[wrong]))

    assert response.status_code == 404
    assert words in response.content.decode()


@pytest.mark.parametrize("app", PAGES)
def test_the_verify_page_sends_an_anonymous_visitor_to_the_login(client, sealed, app):
    page, record, column, _who, _words = PAGES[app]
    code = verification_code(getattr(record(sealed), column))

    response = client.get(reverse(page, args=[code]))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
