"""{% embed %}: an include whose blocks the caller fills in (units/templatetags/layout_tags.py)."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError

PARTIAL = (
    "<card>{% block head %}default head{% endblock %}|"
    "{% block body %}B{% endblock %}|{{ x }}</card>"
)
PAGE_BASE = "<page>{% block content %}{% endblock %}{% block head %}page head{% endblock %}</page>"


WRAPPER = (
    '{% extends "partial.html" %}{% block body %}[{{ block.super }}]{% endblock %}'
    "{% block head %}wrapped {{ block.super }}{% endblock %}"
)


def engine():
    return Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {"partial.html": PARTIAL, "base.html": PAGE_BASE, "wrapper.html": WRAPPER},
            )
        ],
        libraries={"layout_tags": "units.templatetags.layout_tags"},
    )


def render(source, **context):
    return engine().from_string(source).render(Context(context))


def test_blocks_fill_the_partial_and_the_rest_keep_their_defaults():
    html = render(
        '{% load layout_tags %}{% embed "partial.html" with x=1 %}'
        "{% block head %}H {{ y }} {{ block.super }}{% endblock %}{% endembed %}",
        y="Y",
    )
    assert html == "<card>H Y default head|B|1</card>"


def test_two_embeds_may_fill_blocks_of_the_same_name_and_leave_the_pages_blocks_alone():
    html = render(
        '{% extends "base.html" %}{% load layout_tags %}{% block content %}'
        '{% embed "partial.html" with x=1 %}{% block head %}one{% endblock %}{% endembed %}'
        '{% embed "partial.html" with x=2 %}{% block body %}two{% endblock %}{% endembed %}'
        "{% endblock %}"
    )
    assert html == "<page><card>one|B|1</card><card>default head|two|2</card>page head</page>"


def embed_wrapper(block):
    return render(
        '{% load layout_tags %}{% embed "wrapper.html" with x=3 %}'
        f"{{% block {block} %}}mine{{% endblock %}}{{% endembed %}}"
    )


def test_a_partial_may_extend_another_and_wrap_its_blocks():
    assert embed_wrapper("body") == "<card>wrapped default head|mine|3</card>"
    assert embed_wrapper("head") == "<card>mine|[B]|3</card>"


def test_the_with_values_do_not_outlive_the_embed():
    html = render(
        '{% load layout_tags %}{% embed "partial.html" with x=1 %}{% endembed %}[{{ x }}]'
    )
    assert html == "<card>default head|B|1</card>[]"


@pytest.mark.parametrize(
    "source",
    [
        "{% embed %}{% endembed %}",
        '{% embed "partial.html" x=1 %}{% endembed %}',
        '{% embed "partial.html" %}text{% endembed %}',
    ],
)
def test_mistakes_are_syntax_errors(source):
    with pytest.raises(TemplateSyntaxError):
        render("{% load layout_tags %}" + source)
