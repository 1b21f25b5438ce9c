"""Loading the settings at start-up, for manage.py and haven/wsgi.py.

A configuration Haven refuses (haven/settings.py) ends start-up with its message alone on
standard error and exit status 1: the message names every problem and how to put it right, and
a traceback around it would only bury it (and, in gunicorn, restart the worker again and again).
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def load_settings_or_exit() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings module, which checks itself)
    except ImproperlyConfigured as refused:
        sys.stderr.write(f"{refused}\n")
        sys.stderr.flush()
        raise SystemExit(1) from None
