"""Search over HTTP: ``GET /api/v1/laws/search`` under 32 concurrent clients.

A real ``fazhi serve`` (gunicorn, 2 workers, DEBUG off) on 127.0.0.1 serves the
corpus database and index of bench_search (var/bench/laws/, reused when present).
The load comes from ``wrk`` when installed, else from a Python client (2
processes × 16 threads, ``http.client`` connections); loopback only, bounded by
DURATION seconds and MAX_REQUESTS requests. Queries: every query of
bench/queries.yaml, two-character terms included, in turn.

With two cores shared by the workers and the load generator, latency under 32
clients is mostly waiting for a core; the CPU time the server spends per
request (its workers' user + system time over the run) is the steadier figure
when other work shares the machine, and is reported beside the latencies.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench._laws_env import CORPUS, ROOT, run_isolated, setup_django  # noqa: E402

GOAL = "p95 ≤ 100 ms at ≥ 300 requests/s (32 clients, 2 workers)"
DATA = ROOT / "var" / "bench" / "laws"
HOST = "127.0.0.1"
CLIENTS = 32
PROCESSES = 2
WORKERS = 2
DURATION = 20.0
MAX_REQUESTS = 10_000
STARTUP_TIMEOUT = 90.0

WRK_SCRIPT = """
local paths = {%(paths)s}
local headers = {%(headers)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'FAZHI {"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, '
    .. '"p99": %%d, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, '
    .. '"timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.connect, e.read,
    e.write, e.status, e.timeout))
end
"""


def inner() -> dict[str, int]:
    """Make sure the corpus database and its index exist (as bench_search does)."""
    setup_django()
    from fazhi.laws.importer import import_corpus
    from fazhi.laws.models import Version
    from fazhi.laws.search.indexing import expected_count, get_backend, rebuild_index

    if not Version.objects.exists():
        import_corpus(CORPUS)
    if get_backend().count() != expected_count():
        rebuild_index()
    return {"documents": get_backend().count()}


def _paths() -> list[str]:
    import yaml

    queries = yaml.safe_load((HERE / "queries.yaml").read_text())["queries"]
    return [
        "/api/v1/laws/search?" + urlencode({"q": q["q"], "limit": 10}) for q in queries
    ]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings.dev",
        FAZHI_DEBUG="0",
        FAZHI_DATA_DIR=str(DATA),
        FAZHI_DATABASE_URL=f"sqlite:///{DATA / 'fazhi.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    return env


def _start_server(
    port: int,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    probe: str = "/api/v1/laws/search?q=%E7%BD%9A%E6%AC%BE",
    headers: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "fazhi",
                "serve",
                "--host",
                HOST,
                "--port",
                str(port),
                "--workers",
                str(WORKERS),
            ],
            env=env or _server_env(),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + STARTUP_TIMEOUT
    request = urllib.request.Request(
        f"http://{HOST}:{port}{probe}", headers=headers or {}
    )
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.25)
    _stop_server(server)
    raise RuntimeError("the server did not answer in time")


def _stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _cpu_seconds(pid: int) -> float:
    """User + system seconds of a process and its children (the workers)."""
    pids = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            pids.append(int(stat.parent.name))
    total = 0
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def load_wrk(
    wrk: str,
    port: int,
    paths: list[str],
    headers: dict[str, str] | None = None,
    *,
    clients: int = CLIENTS,
    seconds: float = DURATION,
) -> dict[str, float]:
    """``clients`` connections of ``wrk`` (PROCESSES threads) cycling through
    ``paths`` for ``seconds``, with ``headers`` on every request."""
    script = WRK_SCRIPT % {
        "paths": ", ".join(json.dumps(p) for p in paths),
        "headers": ", ".join(
            f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in (headers or {}).items()
        ),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        out = subprocess.run(  # noqa: S603
            [
                wrk,
                f"-t{PROCESSES}",
                f"-c{clients}",
                f"-d{int(seconds)}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                f"http://{HOST}:{port}",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        Path(handle.name).unlink()
    line = next(x for x in out.splitlines() if x.startswith("FAZHI "))
    raw = json.loads(line.removeprefix("FAZHI "))
    errors = sum(raw[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "requests": raw["requests"],
        "seconds": raw["duration_us"] / 1e6,
        "p50": raw["p50"] / 1000,
        "p95": raw["p95"] / 1000,
        "p99": raw["p99"] / 1000,
        "errors": errors,
    }


def _client_thread(
    port: int,
    paths: list[str],
    offset: int,
    budget: int,
    stop_at: float,
    out: list[tuple[list[float], int]],
    headers: dict[str, str] | None = None,
) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    latencies: list[float] = []
    errors = 0
    i = offset
    while len(latencies) + errors < budget and time.monotonic() < stop_at:
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            ok = False
        if ok:
            latencies.append((time.perf_counter() - started) * 1000)
        else:
            errors += 1
    conn.close()
    out.append((latencies, errors))


def _client_process(
    port: int,
    paths: list[str],
    first: int,
    threads: int,
    budget: int,
    seconds: float,
    headers: dict[str, str] | None = None,
) -> tuple[list[float], int]:
    stop_at = time.monotonic() + seconds
    out: list[tuple[list[float], int]] = []
    workers = [
        threading.Thread(
            target=_client_thread,
            args=(port, paths, (first + n) * 7, budget, stop_at, out, headers),
        )
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return [x for lat, _ in out for x in lat], sum(e for _, e in out)


def _load_python(
    port: int,
    paths: list[str],
    *,
    clients: int = CLIENTS,
    seconds: float = DURATION,
    max_requests: int = MAX_REQUESTS,
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    threads = clients // PROCESSES
    budget = max_requests // clients
    started = time.perf_counter()
    with ProcessPoolExecutor(PROCESSES) as pool:
        parts = list(
            pool.map(
                _client_process,
                [port] * PROCESSES,
                [paths] * PROCESSES,
                [n * threads for n in range(PROCESSES)],
                [threads] * PROCESSES,
                [budget] * PROCESSES,
                [seconds] * PROCESSES,
                [headers] * PROCESSES,
            )
        )
    elapsed = time.perf_counter() - started
    latencies = [x for lat, _ in parts for x in lat]
    errors = sum(e for _, e in parts)
    return {
        "requests": len(latencies) + errors,
        "seconds": elapsed,
        "p50": _percentile(latencies, 0.50),
        "p95": _percentile(latencies, 0.95),
        "p99": _percentile(latencies, 0.99),
        "errors": errors,
    }


def run() -> dict[str, Any]:
    if not CORPUS.exists() and not (DATA / "fazhi.sqlite3").exists():
        return {
            "name": "laws search over HTTP",
            "figures": {"skipped": "no corpus"},
            "goal": GOAL,
            "met": False,
        }
    documents = run_isolated(Path(__file__), DATA)["documents"]
    paths = _paths()
    port = _free_port()
    wrk = (
        None
        if os.environ.get("FAZHI_BENCH_GENERATOR") == "python"
        else shutil.which("wrk")
    )
    server = _start_server(port, DATA / "bench_http_server.log")
    try:
        load_before = os.getloadavg()[0]
        cpu_before = _cpu_seconds(server.pid)
        load = load_wrk(wrk, port, paths) if wrk else _load_python(port, paths)
        server_cpu = _cpu_seconds(server.pid) - cpu_before
        load_average = os.getloadavg()
    finally:
        _stop_server(server)
    rate = load["requests"] / load["seconds"]
    return {
        "name": "laws search over HTTP (32 clients, gunicorn 2 workers)",
        "figures": {
            "load generator": "wrk" if wrk else "python (2 processes × 16 threads)",
            "queries": len(paths),
            "indexed documents": documents,
            "requests": int(load["requests"]),
            "seconds": round(load["seconds"], 1),
            "requests/s": round(rate, 1),
            "p50 ms": round(load["p50"], 1),
            "p95 ms": round(load["p95"], 1),
            "p99 ms": round(load["p99"], 1),
            "errors": int(load["errors"]),
            "server CPU ms/request": round(
                server_cpu * 1000 / max(1, load["requests"]), 2
            ),
            "load average before": round(load_before, 2),
            "load average after (1/5/15 min)": [round(x, 2) for x in load_average],
        },
        "goal": GOAL,
        "met": load["p95"] <= 100 and rate >= 300 and load["errors"] == 0,
    }


if __name__ == "__main__":
    if "--inner" in sys.argv:
        print(json.dumps(inner(), ensure_ascii=False))
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2))
