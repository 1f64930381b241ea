"""Refresh the screenshots in docs/ (``make screenshots``; needs Debian's chromium).

A throw-away SQLite database gets the migrations and the demo, ``runserver`` serves it, and
Playwright drives headless Chromium through the pages as the organiser and as a participant.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"runserver exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"runserver did not answer {url} within {timeout:.0f}s")


def prepare_database(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)

    from revmen.front.demo import load_demo

    load_demo()


def shoot(base_url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the few ORM reads below are safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    from revmen.front.demo import LOGINS, PASSWORD

    DOCS.mkdir(exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            # (persona, page after login or None for home, file name)
            shots = [
                ("organiser", None, "home-organiser"),
                ("participant", None, "home-participant"),
                ("culture_admin", "/culture/", "culture-report"),
                ("organiser", "/batches/", "batch"),
                ("organiser", "/batches/", "change-report"),
            ]
            for persona, target, name in shots:
                context = browser.new_context(viewport=DESKTOP)
                page = context.new_page()
                page.goto(f"{base_url}/login/")
                page.fill("input[name=username]", LOGINS[persona][0])
                page.fill("input[name=password]", PASSWORD)
                with page.expect_navigation():
                    page.click("main form button[type=submit]")
                if page.url != f"{base_url}/":
                    raise SystemExit(f"logging in as {persona} landed on {page.url}")
                if target is not None:
                    _follow(page, base_url, name)
                page.wait_for_load_state("networkidle")
                path = DOCS / f"screenshot-{name}.png"
                page.screenshot(path=str(path), full_page=name != "home-participant")
                saved.append(path)
                context.close()

            context = browser.new_context(
                viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
            )
            page = context.new_page()
            page.goto(f"{base_url}/login/")
            page.wait_for_load_state("networkidle")
            path = DOCS / "screenshot-login-phone.png"
            page.screenshot(path=str(path))
            saved.append(path)
            context.close()
        finally:
            browser.close()
    return saved


def _follow(page: Any, base_url: str, name: str) -> None:
    """Walk from a section page to the page worth showing, as a person would click."""
    from revmen.training.models import Batch

    if name == "culture-report":
        page.goto(f"{base_url}/culture/")
        page.click("a:has-text('Gelombang 2026') >> nth=0")
        page.wait_for_load_state()
        page.goto(page.url + "report/")
    elif name == "batch":
        running = Batch.objects.get(code__endswith="-II")
        page.goto(f"{base_url}/batches/{running.code}/")
    elif name == "change-report":
        closed = Batch.objects.get(code__endswith="-I")
        page.goto(f"{base_url}/batches/{closed.code}/questionnaires/")
        page.click("a[href*='/change/']")
        page.wait_for_load_state()


def main() -> int:
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="revmen-shots-") as tmp:
        env = {
            "DJANGO_SETTINGS_MODULE": "revmen.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/shots.sqlite3",
            "DEBUG": "true",
            "RATELIMIT_ENABLE": "false",
            "MEDIA_ROOT": f"{tmp}/media",
        }
        prepare_database(env)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "revmen.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"{base_url}/health/", server)
            for path in shoot(base_url):
                print(f"saved {path.relative_to(ROOT)}")
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
