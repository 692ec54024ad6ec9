"""The ``fazhi`` console command: Django's management entry point.

Users type ``fazhi migrate``, ``fazhi demo``, ``fazhi serve``; production sets
``DJANGO_SETTINGS_MODULE=fazhi.settings.production``.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
