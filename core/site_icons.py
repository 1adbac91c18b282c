"""The files a browser asks for at the site's root: /favicon.ico and the web manifest.

Both are open to anyone (a browser fetches them without the session's cookies) and say
nothing about the data. The icons themselves are static files (scripts/make_icons.py).
"""

from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

THEME_COLOR = "#0a58ca"  # static/css/site.css --bs-primary


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on every page that names no icon (a PDF viewer, an old
    browser): send them to the static file, which WhiteNoise serves with a long cache. The
    address is looked up per request, since the hashed name exists only after collectstatic."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("icons/favicon.ico")


favicon = FaviconView.as_view()


@require_safe
@cache_control(max_age=86400, public=True)
def manifest(request):
    """The web manifest: "add to home screen" shows the site's name in the active language
    (Vietnamese first: a browser fetches it without the language cookie) and its icons."""
    data = {
        "name": gettext("Professionalism evaluation") + " · " + gettext("Long Biên"),
        "short_name": gettext("Evaluation"),
        "description": gettext(
            "Evaluating the professionalism of public-sector staff of Long Biên district"
        ),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f8f9fa",
        "theme_color": THEME_COLOR,
        "icons": [
            {
                "src": static(f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
