"""WSGI entry point: gunicorn haven.wsgi."""

from django.core.wsgi import get_wsgi_application

from haven.startup import load_settings_or_exit

load_settings_or_exit()

application = get_wsgi_application()
