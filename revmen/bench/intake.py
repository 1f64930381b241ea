"""HTTP intake benchmark: gunicorn + PostgreSQL + Redis, driven by wrk on loopback.

Each request of the real endpoint carries a distinct single-use token (a Lua script hands every
wrk thread its own slice of the token list) and a full 32-item answer sheet; the baseline is the
plainest Django view doing one ORM insert per request. After each run the rows in the database
are counted and compared with the 201s wrk saw.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Each wrk thread reads its own token file one line per request: no large Lua table, whose
# garbage collection would stall the client and show up as server latency.
LUA = r"""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  file = io.open(args[1] .. "-" .. id .. ".txt")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = "%(body)s"
end
function request()
  return wrk.format(nil, "/api/answers/" .. file:read("*l") .. "/")
end
"""


WORKERS = os.environ.get("REVMEN_BENCH_WORKERS", "3")
WARM_UP_SECONDS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, script: Path, *script_args: str, duration: int) -> dict[str, float]:
    args = ["wrk", "-t2", "-c32", f"-d{duration}s", "--latency", "-s", str(script), url]
    if script_args:
        args += ["--", *script_args]
    out = subprocess.run(
        args,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p99_ms = float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if os.environ.get("REVMEN_BENCH_VERBOSE"):
        print(out)
    return {
        "rate": rate,
        "requests": total,
        "p99_ms": p99_ms,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(g) for g in errors.groups()) if errors else 0,
    }


def run(duration: int = 60) -> None:
    if not shutil.which("wrk"):
        print("intake: skipped (wrk not installed: apt-get install wrk)")
        return
    from datetime import timedelta

    import django
    from django.db import connection
    from django.utils import timezone

    from revmen.accounts.models import Unit
    from revmen.accounts.services import agency_create
    from revmen.culture.services import tokens_issue, wave_create
    from revmen.instruments.models import Response

    del django
    agency = agency_create(code="BENCH-INTAKE", name="Instansi Uji Intake")
    unit = Unit.objects.get(agency=agency, parent__isnull=True)
    now = timezone.now()
    wave = wave_create(
        agency=agency,
        name="Intake",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    items = [i for i in wave.administration.version.items.order_by("position") if not i.is_text]
    body = "&".join(f"{i.code}={4 if i.kind == 'likert' else 1}" for i in items)
    expected = int((duration + WARM_UP_SECONDS) * 4000)  # more than the endpoint can take
    tokens = tokens_issue(wave=wave, unit=unit, count=5000)
    while len(tokens) < expected:
        tokens += tokens_issue(wave=wave, unit=unit, count=5000)
    folder = Path(tempfile.mkdtemp(prefix="revmen-intake-"))
    warm_up = WARM_UP_SECONDS * 4000
    for thread in (1, 2):
        (folder / f"warm-{thread}.txt").write_text("\n".join(tokens[:warm_up][thread - 1 :: 2]))
        mine = tokens[warm_up:][thread - 1 :: 2]
        (folder / f"tokens-{thread}.txt").write_text("\n".join(mine) + "\n")
    (folder / "intake.lua").write_text(LUA % {"body": body})
    naive_body = "4" * len(items)  # the answers as bytes, as long as ours
    (folder / "naive.lua").write_text(f'wrk.method = "POST"\nwrk.body = "{naive_body}"\n')
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SITE_URL": "http://127.0.0.1",
        "SECRET_KEY": "bench-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "revmen.bench.settings",
        "LOG_LEVEL": "WARNING",
    }
    server = start_gunicorn(env, port)
    try:
        _wait(port)
        connection.close()
        # Both views once, briefly, so that neither run pays for connecting or first requests.
        url = f"http://127.0.0.1:{port}/"
        naive_url = f"http://127.0.0.1:{port}/bench/naive/{wave.administration_id}/{unit.pk}/"
        wrk(
            url,
            folder / "intake.lua",
            str(folder / "warm"),
            duration=WARM_UP_SECONDS,
        )
        wrk(naive_url, folder / "naive.lua", duration=WARM_UP_SECONDS)
        before = Response.objects.filter(administration=wave.administration).count()
        ours = wrk(
            url,
            folder / "intake.lua",
            str(folder / "tokens"),
            duration=duration,
        )
        stored = Response.objects.filter(administration=wave.administration).count() - before
        acknowledged = ours["requests"] - ours["non2xx"]
        naive = wrk(naive_url, folder / "naive.lua", duration=duration)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"intake (gunicorn {WORKERS} sync workers + PostgreSQL + Redis, "
        f"wrk 2 threads 32 connections {duration} s): "
        f"{ours['rate']:,.0f} accepted/s (target >= 1,000), p99 {ours['p99_ms']:.1f} ms "
        f"(target <= 100), errors {ours['non2xx'] + ours['socket_errors']}, stored {stored:,} vs "
        f"acknowledged {acknowledged:,} (requests still in flight when wrk stops are completed: "
        f"{0 <= stored - acknowledged <= 32}); naive one-insert view "
        f"{naive['rate']:,.0f}/s (p99 {naive['p99_ms']:.1f} ms); "
        f"ratio {ours['rate'] / naive['rate']:.2f}x (target >= 1.0)"
    )


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """The product's WSGI app under gunicorn on 127.0.0.1:``port`` (its own session, so the
    caller can kill the whole group), as the benchmarks that speak HTTP run it."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "revmen.wsgi", "-w", WORKERS,
            "-b", f"127.0.0.1:{port}", "--log-level", "warning",
            "--logger-class", "revmen.core.logs.GunicornLogger",
        ],
        env=env,
        start_new_session=True,
    )  # fmt: skip
