import io
import sys

from django.core.management import call_command

from fazhi.core.management.commands.serve import gunicorn_argv, url_of


def test_serve_runs_gunicorn_on_the_wsgi_application_with_the_given_address():
    out = io.StringIO()

    call_command(
        "serve",
        "--dry-run",
        "--host",
        "192.0.2.10",
        "--port",
        "8123",
        "--workers",
        "3",
        stdout=out,
    )

    line = out.getvalue().strip()
    assert line.startswith(f"{sys.executable} -m gunicorn fazhi.wsgi:application")
    assert "--bind 192.0.2.10:8123" in line
    assert "--workers 3" in line


def test_serve_defaults_to_localhost_port_8000_and_two_workers():
    argv = gunicorn_argv(host="127.0.0.1", port=8000, workers=2)

    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8000"
    assert argv[argv.index("--workers") + 1] == "2"


def test_dev_mode_prints_the_address_to_open():
    out = io.StringIO()

    call_command("serve", "--dev", "--dry-run", stdout=out)

    assert "http://127.0.0.1:8000/" in out.getvalue()


def test_ipv6_addresses_are_bracketed_in_the_url():
    assert url_of("::1", 8000) == "http://[::1]:8000/"


def test_serve_preloads_sync_workers_and_logs_requests_only_when_asked():
    quiet = gunicorn_argv(host="127.0.0.1", port=8000, workers=2)
    out = io.StringIO()
    call_command("serve", "--dry-run", "--access-log", stdout=out)

    assert quiet[quiet.index("--worker-class") + 1] == "sync"
    assert "--preload" in quiet
    assert "--access-logfile" not in quiet
    assert "--access-logfile -" in out.getvalue()
