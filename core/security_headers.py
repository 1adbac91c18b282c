"""The Permissions-Policy header: browser features the site does not use are turned off.

``PERMISSIONS_POLICY`` maps a feature to the origins allowed to use it, ``[]`` for none:
``{"camera": [], "fullscreen": ["self"]}`` gives ``camera=(), fullscreen=(self)``.
Django's SecurityMiddleware sets the other security headers (Referrer-Policy,
Cross-Origin-Opener-Policy, …) and django-csp the Content-Security-Policy.
"""

from django.conf import settings

HEADER = "Permissions-Policy"


def permissions_policy(features: dict[str, list[str]]) -> str:
    def allowlist(origins):
        return " ".join(origin if origin in {"*", "self"} else f'"{origin}"' for origin in origins)

    return ", ".join(f"{feature}=({allowlist(origins)})" for feature, origins in features.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault(HEADER, self.value)
        return response
