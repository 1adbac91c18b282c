import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from criteria.models import CriteriaSet, Criterion, CriterionGroup
from units.models import Person, RoleAssignment, Unit

LEADER_CRITERIA = [
    ("Đạo đức công vụ", ["Trung thực, liêm chính", "Ý thức kỷ luật"]),
    (
        "Hoạt động công vụ",
        [
            "Tôn trọng tận tụy, phục vụ nhân dân",
            "Chuyên tâm, trách nhiệm với công việc",
            "Hợp tác cùng phát triển",
            "Giao tiếp, trang phục phù hợp",
        ],
    ),
    (
        "Phong cách lãnh đạo",
        [
            "Gương mẫu, chủ động, quyết đoán",
            "Định hướng, truyền cảm hứng",
            "Dân chủ, đoàn kết và khách quan",
        ],
    ),
]


def _counts():
    return (
        Unit.objects.filter(kind=Unit.Kind.WARD).count(),
        CriteriaSet.objects.count(),
        CriterionGroup.objects.count(),
        Criterion.objects.count(),
        Unit.objects.count(),
    )


def _tree(criteria_set):
    return [
        (group.name, [c.text for c in group.criteria.order_by("order")])
        for group in criteria_set.groups.order_by("order")
    ]


@pytest.mark.django_db
def test_seed_longbien_twice_gives_the_same_counts():
    call_command("seed_longbien")
    first = _counts()
    call_command("seed_longbien")
    assert _counts() == first
    assert first[:4] == (14, 2, 5, 15)


@pytest.mark.django_db
def test_both_criteria_sets_are_word_for_word_from_the_decision():
    call_command("seed_longbien")
    leaders = CriteriaSet.objects.get(audience="leader", status="active")
    staff = CriteriaSet.objects.get(audience="staff", status="active")
    assert _tree(leaders) == LEADER_CRITERIA
    assert _tree(staff) == LEADER_CRITERIA[:2]
    assert leaders.decision_number == "264/QĐ-QU"
    assert leaders.effective_from.isoformat() == "2021-10-01"
    assert [level.min_score for level in leaders.levels.order_by("-min_score")] == [90, 70, 50, 0]


@pytest.mark.django_db
def test_every_ward_has_its_party_government_front_and_mass_bodies():
    call_command("seed_longbien")
    for ward in Unit.objects.filter(kind=Unit.Kind.WARD):
        kinds = set(ward.children.values_list("kind", flat=True))
        assert kinds == {"party_body", "government_body", "front_body", "mass_org"}, ward.code
    levels = set(Unit.objects.filter(kind="school").values_list("school_level", flat=True))
    assert levels == {"kindergarten", "primary", "lower_secondary", "upper_secondary"}


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    call_command("seed_longbien")
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_seed_demo_creates_one_login_per_persona_and_is_idempotent():
    call_command("seed_longbien")
    call_command("seed_demo", force=True)
    people = Person.objects.count()
    call_command("seed_demo", force=True)
    assert Person.objects.count() == people
    roles = dict(RoleAssignment.objects.values_list("user__username", "role"))
    assert roles["noivu"] == "home_affairs"
    assert roles["bantochuc"] == "organisation_board"
    assert roles["quantri"] == "administrator"
    assert roles["vanphong"] == "office_clerk"
    head = Person.objects.get(user__username="thutruong")
    assert head.is_unit_head and head.unit.code == "BODE-UBND"
    assert Person.objects.get(user__username="canbo").category == "staff"
