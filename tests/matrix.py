"""The vocabulary of the permission matrix (tests/test_permissions_matrix.py).

A page of the matrix is a URL name, how to get its argument from the world, and what each
persona gets: ``Page("units:unit_detail", lambda w: w.gov_b.pk, only("administrator"))``.
The helpers always return a status for every persona, so a row never needs counting.
An anonymous visitor is always sent to the login page; that rule lives in the test.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The logged-in personas of the matrix's world (tests/factories/world.py), in test order.
PERSONAS = (
    "staff",
    "head",
    "clerk",
    "home_affairs",
    "organisation_board",
    "administrator",
    "superuser",
)

OK = 200
NOT_FOUND = 404
POST_ONLY = 405  # a POST-only button: a GET is refused whoever asks
REFUSED_STEP = 302  # a confirmation page of a step the state does not allow: back, with a message


def _check(personas) -> None:
    unknown = set(personas) - set(PERSONAS)
    assert not unknown, f"not a persona of the matrix: {sorted(unknown)}"


def everyone(status: int = OK) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def nobody() -> dict[str, int]:
    return everyone(NOT_FOUND)


def only(*personas: str, status: int = OK) -> dict[str, int]:
    """``status`` for these personas, 404 for the others."""
    _check(personas)
    return {p: status if p in personas else NOT_FOUND for p in PERSONAS}


def everyone_but(*personas: str) -> dict[str, int]:
    """200 for everyone, 404 for these personas."""
    _check(personas)
    return {p: NOT_FOUND if p in personas else OK for p in PERSONAS}


@dataclass(frozen=True)
class Page:
    url_name: str
    arg: Callable[[Any], Any] | None  # world → pk, or a list of URL arguments
    expected: dict[str, int]  # persona → status
