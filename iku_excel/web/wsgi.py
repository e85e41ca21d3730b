"""The WSGI application `iku-excel layan` serves (with waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iku_excel.web.settings")
application = get_wsgi_application()
