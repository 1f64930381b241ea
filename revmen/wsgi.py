import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revmen.settings")
application = get_wsgi_application()
# Import every view now, while the worker boots, not on its first request (which would then wait
# a second or more for SciPy and the rest to load).
_views = get_resolver().url_patterns
