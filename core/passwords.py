"""Passwords: the one check of a re-entered password (signing), and the validators that
refuse passwords easy to guess here.
"""

import datetime
import re
import unicodedata

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext

from .audit import audit_log, unit_of_user
from .lockout import lockout_ends_at, lockout_message
from .models import AuditLog

# --- hashing -------------------------------------------------------------------------------


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's minimum or above: 19 MiB of memory, 2 passes, 1 lane.

    Django's own Argon2 hasher uses 100 MiB; 19 MiB keeps a burst of logins within a
    2-core server's memory while staying memory-hard. A stored hash with other parameters
    (or a PBKDF2 hash) is re-hashed with these at the next successful login.
    """

    algorithm = "argon2"  # the same prefix: Django's hasher reads these hashes too
    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1


# --- re-entry ------------------------------------------------------------------------------


class PasswordRefused(Exception):
    """The re-entered password was refused: wrong, or the login is locked out."""

    def __init__(self, *, locked: bool = False, until: datetime.datetime | None = None):
        super().__init__("locked" if locked else "wrong")
        self.locked = locked
        self.until = until

    @property
    def message(self) -> str:
        return (
            lockout_message(self.until) if self.locked else gettext("The password is not correct.")
        )


# What of the real request the lockout counters look at; nothing else (no form data) is
# copied into the probe, and the real request's response is not replaced by axes.
_COPIED_META = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_USER_AGENT", "HTTP_ACCEPT")


def _probe(request) -> HttpRequest:
    probe = HttpRequest()
    probe.method = "POST"
    probe.audit_password_reentry = True  # core.audit: the refusal is recorded as such
    if request is not None:
        probe.META.update({key: request.META[key] for key in _COPIED_META if key in request.META})
        probe.path = probe.path_info = request.path_info
    return probe


def password_confirm(*, user, password: str, request=None) -> None:
    """Return when ``password`` is ``user``'s own and the login is not locked out; raise
    :class:`PasswordRefused` otherwise.

    The check goes through ``authenticate()`` like the login page, so that a wrong password
    here counts against the same lockout (per login name and per address, django-axes) and a
    locked-out login cannot sign either. The failure is written to the database: call this
    where a refusal does not roll back the caller's transaction, or it is not counted.
    """
    try:
        _confirm(user, password, request)
    except PasswordRefused as refusal:
        audit_log(
            action=AuditLog.Action.PASSWORD_REFUSED,
            actor=user,
            request=request,
            unit=unit_of_user(user),
            data={"locked": refusal.locked},
        )
        raise


def _confirm(user, password: str, request) -> None:
    if not password:
        raise PasswordRefused()
    probe = _probe(request)
    username = user.get_username()
    authenticated = authenticate(probe, username=username, password=password)
    if getattr(probe, "axes_locked_out", False):
        raise PasswordRefused(locked=True, until=lockout_ends_at(probe, {"username": username}))
    if authenticated is None or authenticated.pk != user.pk:
        raise PasswordRefused()


# --- validators -------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, without diacritics (đ → d), letters and digits only: "Long Biên" → "longbien"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]", "", plain.casefold())


def name_words(name: str) -> set[str]:
    """The guessable forms of a name: the whole name and its endings of two words or more
    ("UBND phường Bồ Đề" → "ubndphuongbode", "phuongbode", "bode")."""
    words = [fold(word) for word in name.split()]
    words = [word for word in words if word]
    return {"".join(words[start:]) for start in range(max(len(words) - 1, 1))} - {""}


# Words of this district and this project, and the most common Vietnamese password words.
PROJECT_WORDS = (
    "longbien", "hanoi", "vietnam", "quan", "phuong", "ubnd", "quanuy", "danguy", "mttq",
    "matkhau", "password", "admin", "quantri", "canbo", "congchuc", "vienchuc",
    "danhgia", "camket", "chuyennghiep", "123456", "654321", "abc123", "qwerty",
)  # fmt: skip


class ForbiddenWordsValidator:
    """Refuses a password made of words easy to guess here — the district's and the project's
    words, the names of the units, the login name — with fewer than ``min_other_letters``
    other letters. Compared without diacritics, case or punctuation.

    ``words_from`` names a callable returning more names (the units' names); each is folded
    with :func:`name_words`.
    """

    def __init__(self, words=PROJECT_WORDS, words_from: str = "", min_other_letters: int = 4):
        self.words = {fold(word) for word in words} - {""}
        self.words_from = words_from
        self.min_other_letters = min_other_letters

    def forbidden_words(self, user=None) -> set[str]:
        words = set(self.words)
        if self.words_from:
            for name in import_string(self.words_from)():
                words |= {word for word in name_words(name) if len(word) >= 4}
        username = fold(user.get_username()) if user is not None else ""
        if len(username) >= 3:
            words.add(username)
        return words

    def validate(self, password, user=None):
        folded = fold(password)
        found = [word for word in sorted(self.forbidden_words(user), key=len, reverse=True)
                 if word in folded]  # fmt: skip
        if not found:
            return
        rest = folded
        for word in found:
            rest = rest.replace(word, "")
        if sum(char.isalpha() for char in rest) < self.min_other_letters:
            raise ValidationError(
                ngettext(
                    "This password is built on words that are easy to guess here (%(words)s). "
                    "Add at least %(count)d other letter.",
                    "This password is built on words that are easy to guess here (%(words)s). "
                    "Add at least %(count)d other letters.",
                    self.min_other_letters,
                ),
                code="password_guessable_words",
                params={"words": ", ".join(found), "count": self.min_other_letters},
            )

    def get_help_text(self):
        return gettext(
            "Your password cannot be built on the names of the district, wards or units, "
            "your login name or words such as “matkhau”."
        )


class DemoPasswordValidator:
    """Refuses the demo accounts' password (``seed_demo``) unless ``DEBUG`` is on."""

    def __init__(self, passwords=("LongBien@2021",)):
        self.passwords = {fold(password) for password in passwords}

    def validate(self, password, user=None):
        if not settings.DEBUG and fold(password) in self.passwords:
            raise ValidationError(
                gettext("This is the demo password, which everyone knows. Choose another."),
                code="password_demo",
            )

    def get_help_text(self):
        return gettext("Your password cannot be the demo password.")
