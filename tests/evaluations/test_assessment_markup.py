"""The assessment form's hand-written rows: every input labelled, the right keyboard on a
phone, comment boxes of three lines or more that grow, an error summary linking to fields."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories.evaluations import criteria_of

from .pages import post_form, self_data

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.S)
ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def _controls(body: str) -> dict[str, tuple[str, dict]]:
    """The form's inputs by name: (tag, attributes)."""
    found = {}
    for tag, raw in TAG.findall(body):
        attrs = {name: html.unescape(value) for name, value in ATTR.findall(raw)}
        if "name" in attrs:
            found[attrs["name"]] = (tag, attrs)
    return found


@pytest.fixture
def page(client, org, evaluation):
    client.force_login(org.staff[0].user)
    url = reverse("evaluations:self_form", args=[evaluation.pk])
    return client, url, client.get(url).content.decode()


def test_every_criterion_input_has_its_label_and_id(page, evaluation):
    _client, _url, body = page
    controls = _controls(body)
    labels = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', body))
    for criterion in criteria_of(evaluation):
        for name in (f"score_{criterion.pk}", f"comment_{criterion.pk}"):
            _tag, attrs = controls[name]
            assert attrs["id"] == f"id_{name}"
            assert attrs["id"] in labels, name
    for name in ("strengths", "weaknesses", "proposed_level", "overall_comment"):
        assert controls[name][1]["id"] == f"id_{name}" and f"id_{name}" in labels


def test_scores_bring_up_a_decimal_keypad_within_their_range(page, evaluation):
    _client, _url, body = page
    controls = _controls(body)
    for criterion in criteria_of(evaluation):
        tag, attrs = controls[f"score_{criterion.pk}"]
        assert tag == "input" and attrs["type"] == "number"
        assert attrs["inputmode"] == "decimal"  # half points: 7.5
        assert attrs["min"] == "0" and attrs["max"] == str(criterion.max_score)


def test_comment_boxes_have_three_lines_at_least_and_grow(page, evaluation):
    _client, _url, body = page
    controls = _controls(body)
    names = [f"comment_{c.pk}" for c in criteria_of(evaluation)]
    names += ["strengths", "weaknesses", "overall_comment"]
    for name in names:
        tag, attrs = controls[name]
        assert tag == "textarea"
        assert int(attrs["rows"]) >= 3, name
        assert "data-autogrow" in attrs, name


def test_a_saved_comment_and_score_come_back_in_their_boxes(page, evaluation):
    client, url, _body = page
    first = criteria_of(evaluation)[0]
    data = self_data(evaluation, 7.5, **{f"comment_{first.pk}": 'Tốt <b>"rõ"</b>'})
    post_form(client, url, data)
    body = client.get(url).content.decode()
    assert _controls(body)[f"score_{first.pk}"][1]["value"] == "7.50"
    assert "Tốt &lt;b&gt;&quot;rõ&quot;&lt;/b&gt;</textarea>" in body


def test_the_error_summary_links_to_each_wrong_field(page, evaluation):
    client, url, _body = page
    first = criteria_of(evaluation)[0]
    data = self_data(evaluation, 8, strengths="", **{f"score_{first.pk}": "11"})
    body = post_form(client, url, data, action="submit").content.decode()
    summary = body[
        body.index("data-error-summary") : body.index("</ul>", body.index("data-error-summary"))
    ]
    assert f'href="#id_score_{first.pk}"' in summary
    assert 'href="#id_strengths"' in summary
    assert f'href="#id_score_{criteria_of(evaluation)[1].pk}"' not in summary
    controls = _controls(body)
    assert controls[f"score_{first.pk}"][1]["aria-describedby"] == f"id_score_{first.pk}_error"
    assert f'id="id_score_{first.pk}_error"' in body


def test_no_error_summary_on_a_clean_form(page):
    _client, _url, body = page
    assert "data-error-summary" not in body


def test_the_proposed_level_options_are_the_sets_and_a_foreign_one_is_refused(page, evaluation):
    from criteria.models import ResultLevel
    from evaluations.models import Assessment

    client, url, body = page
    own = list(ResultLevel.objects.filter(criteria_set=evaluation.criteria_set_id))
    select = body[body.index('<select name="proposed_level"') : body.index("</select>")]
    assert re.findall(r'<option value="(\d+)"', select) == [str(level.pk) for level in own]
    post_form(client, url, self_data(evaluation, 8, proposed_level=str(own[1].pk)))
    body = client.get(url).content.decode()
    assert f'<option value="{own[1].pk}" selected>' in body
    foreign = ResultLevel.objects.exclude(criteria_set=evaluation.criteria_set_id).first()
    response = post_form(client, url, self_data(evaluation, 9, proposed_level=str(foreign.pk)))
    assert response.status_code == 200 and 'href="#id_proposed_level"' in response.content.decode()
    assert Assessment.objects.get(evaluation=evaluation, kind="self").proposed_level_id == own[1].pk
