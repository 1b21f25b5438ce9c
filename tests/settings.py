"""The settings the test suite runs under: Haven's own, in development mode.

Haven refuses to start without HAVEN_ENV outside a checkout prepared by `make setup` (ADR 0005);
the tests say which environment they test in rather than depend on that marker, so a plain
`pytest` works in any checkout. Tests that start Haven in a separate process set HAVEN_ENV
themselves (tests/support/processes.py).
"""

import os

os.environ.setdefault("HAVEN_ENV", "development")

from haven.settings import *  # noqa: F403
