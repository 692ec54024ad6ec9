"""``fazhi serve``: collect the static files, then serve with gunicorn.

``--dev`` uses Django's auto-reloading development server instead. The current
``DJANGO_SETTINGS_MODULE`` is passed to the workers unchanged, so
``make run`` serves the local settings and a production unit file sets
``fazhi.settings.production``.

Gunicorn runs synchronous workers (one request at a time each, taken in turn
from the shared listening socket: under load the oldest request is served
first, which keeps the slowest answers close to the median; threaded workers
with keep-alive measured worse at p95, see docs/laws.md) with the application
loaded once before the workers fork (``--preload``: they share its memory and
start at once). The access log is off unless ``--access-log`` asks for it: a
line per request cost 3 % of the time of a law search, and a reverse proxy in
front logs the same requests.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

WSGI_APPLICATION = "fazhi.wsgi:application"


def gunicorn_argv(
    *, host: str, port: int, workers: int, access_log: bool = False
) -> list[str]:
    """The command line that replaces this process with gunicorn."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APPLICATION,
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--preload",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    if access_log:
        argv += ["--access-logfile", "-"]
    return argv


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class Command(BaseCommand):
    help = (
        "启动网站（默认 http://127.0.0.1:8000/）。"
        " Serve Fazhi with gunicorn (or --dev: Django's auto-reloading server)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--dev", action="store_true", help="Django's auto-reloading runserver"
        )
        parser.add_argument(
            "--access-log",
            action="store_true",
            help="log every request on standard output (off: the proxy in front logs them)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print what would run and stop (for scripts and tests)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        workers: int = options["workers"]
        url = url_of(host, port)
        if options["dev"]:
            self.stdout.write(
                f"法治政府建设平台（开发模式） / Fazhi (development): {url}"
            )
            if options["dry_run"]:
                return
            call_command("runserver", f"{host}:{port}")
            return

        argv = gunicorn_argv(
            host=host, port=port, workers=workers, access_log=options["access_log"]
        )
        if options["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        os.environ.setdefault(
            "DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE or "fazhi.settings.dev"
        )
        self.stdout.write(
            f"法治政府建设平台 / Fazhi: {url}\n"
            f"(gunicorn, {workers} workers, settings "
            f"{os.environ['DJANGO_SETTINGS_MODULE']}; Ctrl+C 停止 / to stop)"
        )
        self.stdout.flush()
        os.execv(argv[0], argv)  # noqa: S606 - replaces this process, no shell
