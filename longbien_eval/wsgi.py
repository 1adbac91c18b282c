"""WSGI entry point. Production servers set DJANGO_SETTINGS_MODULE to the production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longbien_eval.settings.production")

application = get_wsgi_application()
