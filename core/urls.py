"""The background jobs' pages (core.jobs): the user's list, one job, its download."""

from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<uuid:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("<uuid:pk>/tai-xuong/", views.JobDownloadView.as_view(), name="download"),
]
