"""Helpers for the evaluation page tests: fill a form as a browser would."""

import html
import re

from criteria.models import ResultLevel
from tests.factories.evaluations import criteria_of

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def text(response) -> str:
    """The page's text without tags, whitespace collapsed, entities decoded."""
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def form_token(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return TOKEN.search(response.content.decode()).group(1)


def scores_data(evaluation, value, **overrides) -> dict:
    """Every criterion scored ``value`` (overrides: {criterion pk: value})."""
    data = {f"score_{criterion.pk}": str(value) for criterion in criteria_of(evaluation)}
    data.update({f"score_{pk}": str(score) for pk, score in overrides.items()})
    return data


def self_data(evaluation, value, **extra) -> dict:
    level = ResultLevel.objects.filter(criteria_set=evaluation.criteria_set_id).first()
    data = scores_data(evaluation, value)
    data.update(
        strengths="Chủ động, trách nhiệm.",
        weaknesses="Cần nâng cao ngoại ngữ.",
        proposed_level=str(level.pk),
    )
    data.update(extra)
    return data


def post_form(client, url: str, data: dict, *, action: str = "save"):
    """GET the form (for its one-time token), then POST ``data`` with it."""
    return client.post(url, {**data, "form_token": form_token(client, url), "action": action})
