from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="dashboard"),
    path("excel/", views.OverviewView.as_view(), {"excel": True}, name="dashboard_export"),
    path("tieu-chi/", views.CriteriaView.as_view(), name="criteria"),
    path("tieu-chi/excel/", views.CriteriaView.as_view(), {"excel": True}, name="criteria_export"),
    path("ca-nhan/", views.PeopleView.as_view(), name="people"),
    path("ca-nhan/excel/", views.PeopleView.as_view(), {"excel": True}, name="people_export"),
    path("xu-huong/", views.TrendView.as_view(), name="trend"),
    path("xu-huong/excel/", views.TrendView.as_view(), {"excel": True}, name="trend_export"),
]
