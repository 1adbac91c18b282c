"""Root URLs. Pages are Vietnamese first; the language is chosen by the switcher (cookie)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import admin as admin_views
from core import site_icons
from core.health import HealthView
from core.views import PasswordChangeView

admin.site.site_header = _("Professionalism evaluation – administration")
admin.site.site_title = _("longbien-eval administration")
admin.site.index_title = _("Data management")

urlpatterns = [
    path("", include("home.urls")),
    path("don-vi/", include("units.urls")),
    path("tieu-chi/", include("criteria.urls")),
    path("cam-ket/", include("commitments.urls")),
    path("danh-gia/", include("evaluations.urls")),
    path("bao-cao/", include("reports.dashboard.urls")),
    path("tac-vu/", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", site_icons.favicon, name="favicon"),
    path("manifest.webmanifest", site_icons.manifest, name="manifest"),
    # The health probe (core.health): public, names its checks and says OK or not, no more.
    path("healthz", HealthView.as_view(), name="healthz"),
    path(
        "dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Before the admin's own: its "view on site" shortcut would answer for any object.
    path(
        "quan-tri/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_views.view_on_site),
        name="admin_view_on_site",
    ),
    path("quan-tri/", admin.site.urls),
]
