"""Public service benchmark: gunicorn + PostgreSQL, driven by wrk on loopback.

Three runs against the same server in the same process, each ``duration`` seconds:

- baseline: the culture intake (``POST /api/answers/<token>/``, a distinct single-use token per
  request, as ``bench/intake.py`` does), its rate and median latency;
- the public service page (``GET /layanan/<slug>/``: standard, SKM trend, response times, the
  complaint form), median latency as a ratio to the intake's median;
- SKM answers through the public one-page form (``POST /layanan/<slug>/skm/`` with a CSRF pair
  and a distinct form key per request, 9 elements and the profile), rate as a ratio to the
  intake's rate. The rows stored are counted and compared with the answers acknowledged.

The SKM answer limit per period (``SKM_ANSWER_RATE_LIMIT``) is raised for the run: it guards a
period against floods, the bench measures the path behind it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from revmen.bench.intake import (
    LUA,
    WARM_UP_SECONDS,
    WORKERS,
    _wait,
    free_port,
    start_gunicorn,
    wrk,
)

SKM_LUA = r"""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=%(cookie)s"
end
function request()
  n = n + 1
  local body = "%(body)s&key=bench-" .. id .. "-" .. n .. "-" .. math.random(1, 1000000000)
  return wrk.format(nil, nil, nil, body)
end
"""
GET_LUA = 'wrk.method = "GET"\n'


def _median_ms(url: str, script: Path, *args: str, duration: int) -> tuple[dict[str, float], float]:
    """wrk's figures and its median latency (parsed from ``--latency``)."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(script),
            url,
            *(["--", *args] if args else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    figures = {"rate": rate, "requests": total, "non2xx": int(non2xx.group(1)) if non2xx else 0}
    return figures, float(median.group(1)) * scale[median.group(2)] if median else float("nan")


def _csrf_pair(url: str) -> tuple[str, str]:
    """A CSRF cookie and form token from one GET of the answer page (reusable for POSTs)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(url).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    cookie = next((c.value for c in jar if c.name == "csrftoken"), None)
    if token is None or cookie is None:
        raise RuntimeError("no CSRF pair on the SKM page")
    return cookie, token.group(1)


def run(duration: int | None = None) -> None:
    if not shutil.which("wrk"):
        print("service: skipped (wrk not installed: apt-get install wrk)")
        return
    duration = duration or int(os.environ.get("REVMEN_BENCH_SERVICE_SECONDS", "15"))
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from revmen.accounts.models import Unit
    from revmen.accounts.services import agency_create, unit_create
    from revmen.culture.services import tokens_issue, wave_create
    from revmen.instruments.library import load_library
    from revmen.instruments.models import Response
    from revmen.service.demo import _complaints, _standard
    from revmen.service.services import period_open, service_unit_create, skm_answer

    load_library()
    agency = agency_create(code="BENCH-LAYANAN", name="Instansi Uji Layanan")
    root = Unit.objects.get(agency=agency, parent__isnull=True)
    unit = unit_create(parent=root, name="Dinas Perizinan")
    service_unit = service_unit_create(
        unit=unit, slug="bench-layanan", name="Pelayanan Perizinan", population=500, by=None
    )
    _standard(service_unit, None, "Izin usaha", "")
    import random

    rng = random.Random(7)
    _complaints(service_unit, rng, None, timezone.localdate())
    period = period_open(
        service_unit=service_unit, name="Bench", closes_at=timezone.now() + timedelta(days=1)
    )
    for i in range(50):
        skm_answer(period=period, data={f"U{j}": "3" for j in range(1, 10)}, key=f"seed-{i}" * 3)
    now = timezone.now()
    wave = wave_create(
        agency=agency,
        name="Intake",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    items = [i for i in wave.administration.version.items.order_by("position") if not i.is_text]
    body = "&".join(f"{i.code}={4 if i.kind == 'likert' else 1}" for i in items)
    per_second = 3000  # more than the intake takes on a small machine
    tokens: list[str] = []
    while len(tokens) < (duration + WARM_UP_SECONDS) * per_second:
        tokens += tokens_issue(wave=wave, unit=root, count=5000)
    folder = Path(tempfile.mkdtemp(prefix="revmen-service-"))
    warm = WARM_UP_SECONDS * per_second
    for thread in (1, 2):
        (folder / f"warm-{thread}.txt").write_text("\n".join(tokens[:warm][thread - 1 :: 2]))
        (folder / f"tokens-{thread}.txt").write_text(
            "\n".join(tokens[warm:][thread - 1 :: 2]) + "\n"
        )
    (folder / "intake.lua").write_text(LUA % {"body": body})
    (folder / "get.lua").write_text(GET_LUA)
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
        "SKM_ANSWER_RATE_LIMIT": "100000000/m",
        "STATIC_ROOT": str(folder / "static"),
    }
    # DEBUG off: pages need the static manifest (and whitenoise its compressed copies)
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    server = start_gunicorn(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(port)
        connection.close()
        skm_url = f"{base}/layanan/{service_unit.slug}/skm/"
        page_url = f"{base}/layanan/{service_unit.slug}/"
        cookie, token = _csrf_pair(skm_url)
        sheet = "&".join(f"U{j}=4" for j in range(1, 10)) + "&R1=1&R2=3&R3=4&R4=2"
        (folder / "skm.lua").write_text(
            SKM_LUA % {"cookie": cookie, "body": f"csrfmiddlewaretoken={token}&{sheet}"}
        )
        wrk(f"{base}/", folder / "intake.lua", str(folder / "warm"), duration=WARM_UP_SECONDS)
        _median_ms(page_url, folder / "get.lua", duration=WARM_UP_SECONDS)
        intake, intake_median = _median_ms(
            f"{base}/", folder / "intake.lua", str(folder / "tokens"), duration=duration
        )
        page, page_median = _median_ms(page_url, folder / "get.lua", duration=duration)
        before = Response.objects.filter(administration=period.administration).count()
        skm, skm_median = _median_ms(skm_url, folder / "skm.lua", duration=duration)
        stored = Response.objects.filter(administration=period.administration).count() - before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    acknowledged = skm["requests"] - skm["non2xx"]
    print(
        f"service (gunicorn {WORKERS} sync workers + PostgreSQL, wrk 2 threads 16 connections "
        f"{duration} s each): public page median {page_median:.1f} ms ({page['rate']:,.0f}/s, "
        f"errors {page['non2xx']}); SKM answer POST {skm['rate']:,.0f}/s (median "
        f"{skm_median:.1f} ms, errors {skm['non2xx']}, stored {stored:,} vs acknowledged "
        f"{acknowledged:,}); culture intake {intake['rate']:,.0f}/s (median {intake_median:.1f} "
        f"ms); ratios: page median / intake median {page_median / intake_median:.2f}x "
        f"(target <= 5x), SKM rate / intake rate {skm['rate'] / intake['rate']:.2f}x "
        f"(target >= 0.25x)"
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revmen.settings")
    import django

    django.setup()
    run()
