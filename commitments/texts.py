"""The commitment text: the campaign's template filled for one person, and name matching."""

import hashlib
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The template is data written by an administrator: only these names are filled in.
PLACEHOLDERS = {
    "full_name": _("the person's full name"),
    "position": _("the person's position"),
    "unit": _("the person's unit"),
    "year": _("the year of the campaign"),
    "criteria_set": _("the name of the person's criteria set"),
    "criteria": _("the groups and criteria of the set, numbered"),
}
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")

DEFAULT_TEXT = """Tôi tên là: {full_name}
Chức vụ: {position}
Đơn vị công tác: {unit}

Thực hiện Kế hoạch số 05-KH/BCN ngày 27/9/2021 của Ban chủ nhiệm chương trình 01 Quận ủy \
Long Biên và Quyết định số 264/QĐ-QU của Quận ủy Long Biên, tôi đã nghiên cứu kỹ \
{criteria_set} và xin cam kết thực hiện nghiêm túc, đầy đủ các tiêu chí sau trong năm {year}:

{criteria}

Tôi xin chịu trách nhiệm trước tổ chức nếu vi phạm những nội dung đã cam kết."""


def template_check(template: str) -> None:
    """Refuse a template naming something that cannot be filled in."""
    unknown = sorted(set(PLACEHOLDER_RE.findall(template)) - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(names)s. Allowed: %(allowed)s."),
            code="placeholder",
            params={
                "names": ", ".join(f"{{{name}}}" for name in unknown),
                "allowed": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            },
        )


def criteria_lines(criteria_set) -> str:
    """The set's groups and criteria as in the decision ("1. Group" then "- criterion")."""
    lines = []
    for group in criteria_set.groups.all():
        lines.append(f"{group.order}. {group.name}")
        lines.extend(f"   - {criterion.text}" for criterion in group.criteria.all())
    return "\n".join(lines)


def text_render(template: str, *, person, unit, year: int, criteria_set) -> str:
    """The full commitment text of ``person`` (the criteria set's groups must be prefetched)."""
    values = {
        "full_name": person.full_name,
        "position": person.position_title or "–",
        "unit": unit.name,
        "year": str(year),
        "criteria_set": criteria_set.name,
        "criteria": criteria_lines(criteria_set),
    }
    return PLACEHOLDER_RE.sub(lambda match: values.get(match[1], match[0]), template)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def name_key(name: str) -> str:
    """Compare names ignoring case and spacing, never diacritics ("Lê" is not "Le")."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())
