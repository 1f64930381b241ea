"""The ``revmen`` console command: Django's management commands with our settings.

``.venv/bin/revmen agencies list --json`` is ``manage.py agencies list --json``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revmen.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "revmen"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
