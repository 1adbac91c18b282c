"""Filter values that are wrong, unknown or foreign: a Vietnamese message, never a 500."""

import pytest
from django.urls import reverse

from units.models import Unit

pytestmark = pytest.mark.django_db

PAGES = ["reports:dashboard", "reports:criteria", "reports:people", "reports:trend"]


@pytest.mark.parametrize("name", PAGES + [f"{page}_export" for page in PAGES])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"cycle": "999999"}, "Không có đợt đánh giá này."),
        ({"cycle": "mot"}, "Không có đợt đánh giá này."),
        ({"campaign": "2021x"}, "Không có đợt ký cam kết này."),
        ({"unit": "abc"}, "Đơn vị phải được chỉ ra bằng mã số."),
        ({"unit": "-3"}, "Đơn vị phải được chỉ ra bằng mã số."),
        ({"unit": "999999"}, "nằm ngoài phạm vi báo cáo của bạn"),
        ({"kind": "ward"}, "Không có loại đơn vị này."),
        ({"category": "boss"}, "Không có đối tượng này."),
        ({"page": "hai"}, "Số trang phải là một số."),
    ],
)
def test_bad_values_get_a_message(client, district, name, params, message):
    client.force_login(district.users["home_affairs"])

    response = client.get(reverse(name), params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, district):
    client.force_login(district.users["home_affairs"])

    response = client.get(reverse("reports:people"), {"page": "99999"})

    assert response.status_code == 200
    page = response.context["people_page"]
    assert page.number == page.paginator.num_pages


def test_a_unit_of_another_block_shows_no_figures(client, district):
    client.force_login(district.users["organisation_board"])
    school = Unit.objects.filter(kind=Unit.Kind.SCHOOL).first()

    response = client.get(reverse("reports:people"), {"unit": school.pk})

    assert response.status_code == 400
    assert "people" not in response.context
    assert school.name not in response.content.decode()
