#!/usr/bin/env python
"""Django's command-line utility for Haven."""

import sys


def main() -> None:
    from haven.startup import load_settings_or_exit

    # Before Django's own handling, which would set a settings error aside and fail later with a
    # traceback (or "Unknown command" for every Haven command).
    load_settings_or_exit()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
