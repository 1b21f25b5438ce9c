"""Gunicorn settings shared by `make demo`, the benchmarks and production (docs/deployment.md).

Bind address and worker count come from the command line (or GUNICORN_CMD_ARGS).
"""

import os
import sys
from pathlib import Path

# Check the configuration once, in the master, before any worker starts: a refused configuration
# stops gunicorn with Haven's message (exit status 1) instead of workers failing to boot one
# after another.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from haven.startup import load_settings_or_exit

load_settings_or_exit()

wsgi_app = "haven.wsgi:application"

# The access log records the path only, never the query string: a search for a survivor's name
# or a postcode would otherwise land in a plain-text log that outlives the case.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"

# Only the reverse proxy on this machine may say which client and scheme a request came from
# (X-Forwarded-For / X-Forwarded-Proto); anyone else's headers are ignored.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

timeout = 60
graceful_timeout = 30
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200

# No runtime control socket: Haven is managed through systemd, and several gunicorns on one
# machine (demo, benchmarks) would otherwise share one socket path under $HOME.
control_socket_disable = True
