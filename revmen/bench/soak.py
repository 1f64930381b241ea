"""``make soak``: answers and page views at 300 req/s against gunicorn + PostgreSQL, with faults.

A benchmark, not a CI test: about ``SOAK_SECONDS`` (default 600) of load, then the bookkeeping.

- Its own PostgreSQL: a throwaway cluster (``initdb`` into a temporary folder, a free port,
  as the ``postgres`` user when run as root), migrated, with one open culture wave and a
  single-use token per submission. The shared server on 5432 is never touched.
- gunicorn (``SOAK_WORKERS``, default 3 sync workers) and one ``revmen db_worker`` on it, with
  the failure rate limits raised (printed at the start): the generator posts from one address.
- Load: one asyncio process, open loop (requests start on schedule whatever the answers take),
  ``SOAK_RATE`` (default 300) a second, of which 1 in 30 is a page view (the wave's public
  link page) and the rest answer sheets to ``/api/answers/<token>/``. Every answer carries its
  sequence number in the open text item (``soak-<run>-<n>``), so each stored row is matched to
  the request that sent it.
- Faults: at 1/6 of the run one gunicorn worker gets SIGKILL (the master starts another); at
  1/2 (1/3 in runs under 120 s) PostgreSQL restarts (``pg_ctl restart -m fast``). The worker
  must fold on afterwards.

Per 10 s a progress line (rate, p50/p99 latency, errors); the last line is
``acknowledged A, stored S, duplicates D, errors E, recovered yes|no``. A: submissions answered
2xx; S: stored rows of this run; D: acknowledged numbers stored more than once; E: 5xx and
transport errors (pages too); recovered: at least 99 % of the requests started 30 to 40 s after
each fault succeeded (``judged_faults``), and every answer was folded within 60 s of the end.
The exit status is 0 only if every acknowledged answer is stored exactly once and it recovered.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE_EVERY = 30  # one request in 30 is a page view: 290 answers + 10 pages at 300/s
RECOVERY_AFTER = 30.0  # the service must be back this long after a fault …
RECOVERY_WINDOW = 10.0  # … judged over the requests started in this window then
RECOVERY_SHARE = 0.99
FOLD_DEADLINE = 60.0  # every answer folded this long after the load ends
REQUEST_TIMEOUT = 10.0
REPORT_DELAY = 2.0  # a window's line waits this long for its last requests
MAX_IN_FLIGHT = 256  # beyond it a due request is not sent (counted as "behind")
TEXT_ITEM = "T1"

# The soak server's rate limits: all requests come from one address, and the faults make
# failures in bursts; the defaults would turn the measurement into a rate-limit test.
SOAK_RATE_LIMITS = {
    "INTAKE_FAILURE_RATE_LIMIT": "1000000/m",
    "ANSWER_FAILURE_RATE_LIMIT": "1000000/m",
    "OPEN_LINK_RATE_LIMIT": "1000000/m",
}


# --- bookkeeping (pure: tested in bench/tests/test_soak.py) -------------------------------------


@dataclass(frozen=True)
class Sample:
    """One request: when it started (s since the load began), what, status (0: transport
    error), how long it took (s), and for an answer its sequence number."""

    start: float
    status: int
    latency: float
    seq: int | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error(self) -> bool:
        return self.status == 0 or self.status >= 500


@dataclass(frozen=True)
class Match:
    acknowledged: int
    stored: int
    duplicates: int
    missing: int  # acknowledged, not stored
    unacknowledged_stored: int  # stored although the client saw no 2xx (a lost answer)
    foreign: int  # stored numbers this run never sent

    @property
    def exact(self) -> bool:
        return self.missing == 0 and self.duplicates == 0 and self.foreign == 0


def match(acknowledged: Iterable[int], sent: Iterable[int], stored: Sequence[int]) -> Match:
    """Acknowledged sequence numbers against the numbers found in stored rows of this run."""
    acked, sent_set = set(acknowledged), set(sent)
    times = Counter(stored)
    return Match(
        acknowledged=len(acked),
        stored=len(stored),
        duplicates=sum(1 for n in acked if times[n] > 1),
        missing=sum(1 for n in acked if times[n] == 0),
        unacknowledged_stored=sum(1 for n in times if n not in acked and n in sent_set),
        foreign=sum(1 for n in times if n not in sent_set),
    )


def success_after(samples: Sequence[Sample], fault: float) -> tuple[float, int]:
    """Share of 2xx among the requests started in the recovery window after ``fault``, and
    how many there were (none: the share is 0, nothing shows it recovered)."""
    start, end = fault + RECOVERY_AFTER, fault + RECOVERY_AFTER + RECOVERY_WINDOW
    window = [s for s in samples if start <= s.start < end]
    if not window:
        return 0.0, 0
    return sum(s.ok for s in window) / len(window), len(window)


def judged_faults(faults: Sequence[float]) -> list[float]:
    """The faults whose recovery window is judged: a fault followed by another before its
    window ends is judged with the later one (the window after that one covers both)."""
    ordered = sorted(faults)
    end = RECOVERY_AFTER + RECOVERY_WINDOW
    return [f for i, f in enumerate(ordered) if i + 1 == len(ordered) or ordered[i + 1] >= f + end]


def fault_times(seconds: float) -> tuple[float, float]:
    """When the web worker is killed and when PostgreSQL restarts: apart enough for two
    recovery windows from 120 s on; in shorter runs the restart's window judges both."""
    if seconds >= 120:
        return seconds / 6, seconds / 2
    return seconds / 6, seconds / 3


def recovered(samples: Sequence[Sample], faults: Sequence[float], folded_in_time: bool) -> bool:
    return folded_in_time and all(
        success_after(samples, fault)[0] >= RECOVERY_SHARE for fault in judged_faults(faults)
    )


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list (nan when empty)."""
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, math.ceil(share * len(sorted_values)) - 1))
    return sorted_values[rank]


def progress_line(samples: Sequence[Sample], start: float, end: float, note: str = "") -> str:
    window = [s for s in samples if start <= s.start < end]
    latencies = sorted(s.latency * 1000 for s in window if s.status)
    answers = sum(1 for s in window if s.seq is not None)
    other = sum(not s.ok and not s.error for s in window)
    return (
        f"{start:5.0f}-{end:3.0f} s: {len(window) / (end - start):5.0f} req/s "
        f"({answers} answers, {len(window) - answers} pages), "
        f"p50 {percentile(latencies, 0.5):6.1f} ms, p99 {percentile(latencies, 0.99):7.1f} ms, "
        f"ok {sum(s.ok for s in window)}, errors {sum(s.error for s in window)}"
        f"{f', other 4xx {other}' if other else ''}"
        f"{'  [' + note + ']' if note else ''}"
    )


def last_line(result: Match, errors: int, is_recovered: bool) -> str:
    return (
        f"acknowledged {result.acknowledged}, stored {result.stored}, "
        f"duplicates {result.duplicates}, errors {errors}, "
        f"recovered {'yes' if is_recovered else 'no'}"
    )


def seq_of(text: str | None, run: str) -> int | None:
    prefix = f"soak-{run}-"
    if text and text.startswith(prefix) and text[len(prefix) :].isdigit():
        return int(text[len(prefix) :])
    return None


# --- the throwaway PostgreSQL -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin() -> Path:
    found = os.environ.get("PG_BIN") or ""
    if not found:
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        which = shutil.which("initdb")
        found = str(Path(candidates[-1]).parent) if candidates else ""
        found = found or (str(Path(which).parent) if which else "")
    if not found:
        raise SystemExit("soak: PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN")
    return Path(found)


class Cluster:
    """A PostgreSQL cluster of our own in a temporary folder (as ``postgres`` when root)."""

    def __init__(self) -> None:
        self.bin = pg_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="revmen-soak-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.started = False
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *args], capture_output=True, text=True, check=check, cwd=self.folder
        )

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--no-sync", "-E", "UTF8",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        )
        self._pg_ctl("start", "-o", options)
        self.started = True

    def _pg_ctl(self, *args: str) -> None:
        log = str(self.folder / "server.log")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", log, "-w", *args)

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/revmen_soak"

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            f"postgres://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE revmen_soak")

    def remove(self) -> None:
        if self.started:
            with contextlib.suppress(subprocess.CalledProcessError):
                self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


# --- the load -----------------------------------------------------------------------------------


@dataclass
class Target:
    port: int
    answer_body: str  # with ``{seq}`` for the number
    tokens: list[str]
    page_path: str


@dataclass
class Load:
    target: Target
    rate: float
    seconds: float
    run: str
    samples: list[Sample] = field(default_factory=list)
    sent_seqs: list[int] = field(default_factory=list)
    behind: int = 0
    in_flight: int = 0
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = field(default_factory=list)

    async def request(self, method: str, path: str, body: bytes) -> int:
        """One HTTP/1.1 request on a kept-alive connection (a new one when none is idle or the
        server closes it, as gunicorn's sync workers do); the status, or 0 on a transport error."""
        reader, writer = self.idle.pop() if self.idle else await self._connect()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
        )
        try:
            writer.write(head.encode() + body)
            status, keep = await asyncio.wait_for(_read_response(reader), REQUEST_TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            writer.close()
            return 0
        if keep and len(self.idle) < MAX_IN_FLIGHT:
            self.idle.append((reader, writer))
        else:
            writer.close()
        return status

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection("127.0.0.1", self.target.port)

    async def one(self, t0: float, seq: int | None) -> None:
        """A page view (``seq`` None) or answer sheet number ``seq``."""
        started = time.monotonic()
        try:
            if seq is None:
                status = await self.request("GET", self.target.page_path, b"")
            else:
                token = self.target.tokens[seq]
                body = self.target.answer_body.format(seq=seq).encode()
                status = await self.request("POST", f"/api/answers/{token}/", body)
        except OSError:  # refused or reset while connecting
            status = 0
        finally:
            self.in_flight -= 1
        self.samples.append(Sample(started - t0, status, time.monotonic() - started, seq))


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _sep, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    length = int(headers.get("content-length", "0"))
    if length:
        await reader.readexactly(length)
    keep = headers.get("connection") != "close" and "content-length" in headers
    return status, keep


def _window_line(load: Load, start: float, end: float, notes: list[tuple[float, str]]) -> str:
    note = "; ".join(text for at, text in notes if start <= at < end)
    return progress_line(load.samples, start, end, note)


async def drive(load: Load, faults: list[tuple[float, Any]], report: Any) -> None:
    """Start requests on schedule for ``load.seconds``, run each fault at its time (in a thread:
    the load goes on meanwhile), and print a progress line every 10 s."""
    loop = asyncio.get_running_loop()
    t0 = time.monotonic()
    tasks: set[asyncio.Task[None]] = set()
    pending = sorted(faults, key=lambda f: f[0])
    notes: list[tuple[float, str]] = []  # (when, what) of each fault, for its window's line
    fault_tasks: list[asyncio.Future[Any]] = []
    next_report, n, interval = 10.0, 0, 1.0 / load.rate
    while (now := time.monotonic() - t0) < load.seconds:
        while pending and pending[0][0] <= now:
            _at, action = pending.pop(0)
            fault_tasks.append(loop.run_in_executor(None, action))
            notes.append((now, f"{action.__doc__ or 'fault'} at {now:.1f} s"))
        due = int(now / interval) + 1
        while n < due:
            page = n % PAGE_EVERY == PAGE_EVERY - 1
            if load.in_flight >= MAX_IN_FLIGHT:
                load.behind += 1
            elif page or len(load.sent_seqs) < len(load.target.tokens):
                seq = None if page else len(load.sent_seqs)
                if seq is not None:
                    load.sent_seqs.append(seq)
                load.in_flight += 1
                task = asyncio.create_task(load.one(t0, seq))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            n += 1
        if now >= next_report + REPORT_DELAY:  # most of the window's requests have ended
            report(_window_line(load, next_report - 10, next_report, notes))
            next_report += 10
        await asyncio.sleep(min(interval, 0.005))
    if tasks:
        await asyncio.wait(tasks, timeout=REQUEST_TIMEOUT + 5)
    for done in fault_tasks:
        await done
    while next_report - 10 < load.seconds:
        report(_window_line(load, next_report - 10, min(next_report, load.seconds), notes))
        next_report += 10
    for _reader, writer in load.idle:
        writer.close()


# --- the run ------------------------------------------------------------------------------------


def gunicorn_workers(master: int) -> list[int]:
    pids = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                pids.append(int(Path(stat).parent.name))
    return sorted(pids)


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def warm_up(target: Target, requests: int = 60) -> None:
    """Page views until each worker has served some: first requests load templates and such."""
    from urllib.request import urlopen

    for _ in range(requests):
        with urlopen(f"http://127.0.0.1:{target.port}{target.page_path}", timeout=10) as page:
            page.read()


def prepare(n_answers: int, run: str) -> tuple[Any, Target]:
    """The wave (open, one unit), its tokens and the answer body; Django set up on the cluster."""
    from datetime import timedelta

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest
    from revmen.accounts.models import Unit
    from revmen.accounts.services import agency_create, unit_create
    from revmen.culture.services import tokens_issue, wave_create
    from revmen.instruments.library import load_library

    load_library()
    agency = agency_create(code="SOAK", name="Instansi Uji Soak")
    root = Unit.objects.get(agency=agency, parent__isnull=True)
    unit = unit_create(parent=root, name="Bidang Soak")
    now = timezone.now()
    wave = wave_create(
        agency=agency,
        name=f"Soak {run}",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    items = [i for i in wave.administration.version.items.order_by("position") if not i.is_text]
    rng = random.Random(run)
    body = "&".join(
        f"{i.code}={rng.randint(1, 5) if i.kind == 'likert' else 1}"
        for i in items
        if i.kind == "likert"
    )
    tokens: list[str] = []
    while len(tokens) < n_answers:
        tokens += tokens_issue(wave=wave, unit=unit, count=min(5000, n_answers - len(tokens)))
    body += f"&{TEXT_ITEM}=soak-{run}-{{seq}}"
    page = f"/c/{wave.administration.public_key}/"
    # The worker folds answers as the periodic job culture.fold (as under `revmen serve`).
    from revmen.core.periodic import periodic_start

    periodic_start()
    return wave, Target(port=0, answer_body=body, tokens=tokens, page_path=page)


def stored_seqs(wave: Any, run: str) -> list[int]:
    from django.db import connection

    connection.close()  # the restart broke the old one
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT texts->>%s FROM instruments_response WHERE administration_id = %s",
            [TEXT_ITEM, wave.administration_id],
        )
        found = [seq_of(text, run) for (text,) in cursor.fetchall()]
    return [n for n in found if n is not None]


def wait_folded(wave: Any, seconds: float) -> tuple[bool, float, int]:
    """Wait until no answer of the wave is unfolded; (in time, seconds waited, left)."""
    from django.db import OperationalError, connection

    from revmen.instruments.models import Response

    start = time.monotonic()
    left = -1
    while True:
        try:
            left = Response.objects.filter(
                administration_id=wave.administration_id, folded=False
            ).count()
        except OperationalError:
            connection.close()
        waited = time.monotonic() - start
        if left == 0 or waited > seconds:
            return left == 0, waited, left
        time.sleep(0.5)


def main() -> int:
    seconds = float(os.environ.get("SOAK_SECONDS", "600"))
    rate = float(os.environ.get("SOAK_RATE", "300"))
    workers = os.environ.get("SOAK_WORKERS", "3")
    if seconds < 60:
        print("soak: SOAK_SECONDS must be at least 60 (40 s of recovery after the last fault)")
        return 2
    run = f"{int(time.time()):x}"
    n_answers = int(rate * seconds * (PAGE_EVERY - 1) / PAGE_EVERY) + 100
    say = print
    say(
        f"revmen soak: {seconds:.0f} s at {rate:.0f} req/s ({PAGE_EVERY - 1} in {PAGE_EVERY} "
        f"answer sheets, the rest page views), gunicorn {workers} sync workers + db_worker on a "
        f"throwaway PostgreSQL; rate limits raised for the soak server: "
        + ", ".join(f"{k}={v}" for k, v in SOAK_RATE_LIMITS.items())
    )
    cluster = Cluster()
    processes: list[subprocess.Popen[bytes]] = []
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        cluster.start()
        cluster.create_database()
        env = {
            **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            **SOAK_RATE_LIMITS,
            "DATABASE_URL": cluster.url(),
            "DJANGO_SETTINGS_MODULE": "revmen.settings",
            "DEBUG": "false",
            "SECRET_KEY": "soak-" + "x" * 40,
            "SITE_URL": "http://127.0.0.1",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "ERROR",
            "STATIC_ROOT": str(cluster.folder / "static"),
        }
        os.environ.update(env)
        started = time.monotonic()
        wave, target = prepare(n_answers, run)
        say(
            f"cluster on port {cluster.port} ({cluster.folder}), migrated, wave with "
            f"{len(target.tokens):,} tokens in {time.monotonic() - started:.0f} s"
        )
        from django.db import connection

        connection.close()
        target.port = free_port()
        log = open(cluster.folder / "soak-app.log", "wb")  # noqa: SIM115 (closed with the folder)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "revmen.wsgi", "-w", workers,
             "-b", f"127.0.0.1:{target.port}", "--log-level", "warning"],
            env=env, start_new_session=True, stdout=log, stderr=log,
        )  # fmt: skip
        processes.append(server)
        worker = subprocess.Popen(
            [sys.executable, "-m", "revmen.cli", "db_worker", "--interval", "0.5", "--no-reload"],
            env=env, start_new_session=True, stdout=log, stderr=log,
        )  # fmt: skip
        processes.append(worker)
        wait_for_port(target.port)
        warm_up(target)
        killed: list[int] = []

        def kill_worker() -> None:
            """SIGKILL to one gunicorn worker"""
            pids = gunicorn_workers(server.pid)
            if pids:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        restart: dict[str, float] = {}

        def restart_postgresql() -> None:
            """pg_ctl restart -m fast"""
            begin = time.monotonic()
            cluster.restart()
            restart["took"] = time.monotonic() - begin

        load = Load(target=target, rate=rate, seconds=seconds, run=run)
        kill_at, restart_at = fault_times(seconds)
        faults = [(kill_at, kill_worker), (restart_at, restart_postgresql)]
        asyncio.run(drive(load, faults, say))
        respawned = len(gunicorn_workers(server.pid)) == int(workers)
        folded, waited, left = wait_folded(wave, FOLD_DEADLINE)
        seqs = stored_seqs(wave, run)
        acked = [s.seq for s in load.samples if s.seq is not None and s.ok]
        result = match(acked, load.sent_seqs, seqs)
        errors = sum(s.error for s in load.samples)
        is_recovered = recovered(load.samples, [f[0] for f in faults], folded)
        worker_alive = worker.poll() is None
        total = len(load.samples)
        say(
            f"sent {total:,} requests in {seconds:.0f} s: {total / seconds:,.0f} req/s achieved "
            f"(target {rate:.0f}; not sent, too many in flight: {load.behind}); "
            f"answers {len(load.sent_seqs):,}"
        )
        statuses = Counter(s.status for s in load.samples)
        say(
            "statuses: "
            + ", ".join(f"{k or 'transport error'}: {v:,}" for k, v in sorted(statuses.items()))
        )
        say(
            f"fault 1 at {faults[0][0]:.0f} s: SIGKILL to gunicorn worker "
            f"{killed[0] if killed else '(none found)'}; workers back to {workers}: "
            f"{'yes' if respawned else 'no'}; "
            + (
                f"success 30-40 s after: {success_after(load.samples, kill_at)[0]:.1%}"
                if kill_at in judged_faults([kill_at, restart_at])
                else "judged with the restart (it came less than 40 s later)"
            )
        )
        say(
            f"fault 2 at {faults[1][0]:.0f} s: PostgreSQL restarted (pg_ctl restart -m fast, "
            f"{restart.get('took', float('nan')):.1f} s); success 30-40 s after: "
            f"{success_after(load.samples, faults[1][0])[0]:.1%}"
        )
        outages = (
            (cluster.folder / "soak-app.log")
            .read_text(errors="replace")
            .count("database unavailable")
        )
        say(
            f"db_worker: waited out the restart {outages} time(s) (log lines "
            "'database unavailable … retrying')"
        )
        say(
            f"fold: {'all folded' if folded else f'{left} not folded'} {waited:.1f} s after the "
            f"end; db_worker still running: {'yes' if worker_alive else 'no'}; acknowledged, "
            f"not stored: {result.missing}; stored, not acknowledged: "
            f"{result.unacknowledged_stored}"
        )
        ok = result.exact and is_recovered
        if not ok:
            tail = (cluster.folder / "soak-app.log").read_text(errors="replace").splitlines()
            say("last lines of the server and worker log:\n  " + "\n  ".join(tail[-15:]))
        say(last_line(result, errors, is_recovered))
        return 0 if ok else 1
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        cluster.remove()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C: main's cleanup has run
        print("soak: interrupted; servers stopped, the throwaway cluster removed")
        sys.exit(130)
