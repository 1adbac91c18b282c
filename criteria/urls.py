from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("", views.CriteriaSetListView.as_view(), name="set_list"),
    path("<int:pk>/", views.CriteriaSetDetailView.as_view(), name="set_detail"),
]
