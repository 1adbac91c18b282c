from django.urls import path

from . import views

app_name = "commitments"

office = "dot/<int:campaign>/van-phong/<int:unit>/<str:block>/"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<int:pk>/", views.CommitmentDetailView.as_view(), name="detail"),
    path("<int:pk>/in/", views.CommitmentPrintView.as_view(), name="print"),
    path("<int:pk>/ban-scan/", views.ScanView.as_view(), name="scan"),
    path("xac-minh/<str:code>/", views.VerifyView.as_view(), name="verify"),
    path("<int:pk>/ban-giay/", views.RecordPaperView.as_view(), name="record_paper"),
    path(office, views.OfficeView.as_view(), name="office"),
    path(
        f"{office}nhac-nho/",
        views.OfficeActionView.as_view(action="remind"),
        name="office_remind",
    ),
    path(
        f"{office}nop-bao-cao/",
        views.OfficeSubmitView.as_view(),
        name="office_submit",
    ),
    path("bao-cao/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path(
        "bao-cao/<int:pk>/xac-nhan/",
        views.ReportActionView.as_view(action="confirm"),
        name="report_confirm",
    ),
    path(
        "bao-cao/<int:pk>/tiep-nhan/",
        views.ReportActionView.as_view(action="receive"),
        name="report_receive",
    ),
    path("dot/<int:pk>/theo-doi/", views.TrackingView.as_view(), name="tracking"),
    path("dot/<int:pk>/theo-doi/xlsx/", views.TrackingExportView.as_view(), name="tracking_export"),
]
