"""Benchmarks of the certificates app, run by ``python -m revmen.bench`` once its database is
set up.

- A batch of 40: every certificate's PDF (QR code included) and the one .zip, through
  ``certificates.jobs.batch_zip`` (one WeasyPrint layout for the batch, then a PDF per page),
  vs bare WeasyPrint writing the same 40 HTML pages (already rendered, QR codes in them) one by
  one. Target: at most 1.5x the bare time.
- The public verification page (full Django stack, rate limit included): median of 51 views.
  Target: at most 50 ms.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from revmen.certificates.models import Certificate

N = 40


def _batch_of_certificates() -> list[Certificate]:
    from revmen.accounts.models import AgencyKind, Person
    from revmen.accounts.services import agency_create
    from revmen.certificates.services import certificate_issue
    from revmen.training.models import Batch, BatchRole, Enrolment, Programme

    institute = agency_create(code="CERT-INST", name="BPSDM Bench", kind=AgencyKind.INSTITUTE)
    agency = agency_create(code="CERT-AG", name="Pemerintah Kabupaten Bench")
    programme = Programme.objects.create(
        institute=institute, code="CERT-P", name="Pelatihan Revolusi Mental (bench)"
    )
    batch = Batch.objects.create(
        programme=programme,
        code="CERT-B",
        name="Angkatan Bench",
        start_date=date.today() - timedelta(days=60),
        end_date=date.today() - timedelta(days=1),
    )
    certificates = []
    for n in range(N):
        person = Person.objects.create(
            username=f"cert-bench-{n}",
            name=f"Peserta Bench Nomor {n:02d}, S.Sos., M.Si.",
            nip=f"19850{1 + n % 9}1{n % 10}20101210{n:02d}",
            birth_place="Palangka Raya",
            birth_date=date(1985, 1 + n % 12, 1 + n % 28),
            pangkat_golongan="Penata (III/c)",
            jabatan="Analis Kebijakan Ahli Muda",
            agency=agency,
        )
        enrolment = Enrolment.objects.create(batch=batch, person=person, role=BatchRole.PARTICIPANT)
        certificates.append(
            certificate_issue(
                enrolment=enrolment,
                outcome="lulus" if n % 8 else "tidak_lulus",
                predicate="Sangat Memuaskan" if n % 8 else None,
                final_score=Decimal("91.50") if n % 8 else Decimal("55"),
                issued_by=None,
            )
        )
    return certificates


def _best(repeat: int, function: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> None:
    import weasyprint
    from django.test import Client

    from revmen.certificates.jobs import batch_zip
    from revmen.certificates.models import Certificate
    from revmen.certificates.pdf import render_html

    certificates = _batch_of_certificates()
    pages = [render_html([c]) for c in certificates]
    weasyprint.HTML(string=pages[0]).write_pdf()  # load the fonts once for both sides

    def bare() -> None:
        for html in pages:
            weasyprint.HTML(string=html).write_pdf()

    def ours() -> None:
        fresh = list(Certificate.objects.filter(pk__in=[c.pk for c in certificates]))
        for cert in fresh:
            cert.pdf = b""
        batch_zip(fresh)

    t_bare = _best(2, bare)
    t_ours = _best(2, ours)

    client = Client()
    path = "/verify/" + certificates[1].token + "/"
    times = []
    for _ in range(51):
        start = time.perf_counter()
        response = client.get(path, SERVER_NAME="127.0.0.1")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200 and b'data-verdict="genuine"' in response.content
    page = statistics.median(times)
    print(
        f"certificates ({N} in a batch): PDFs + QR + .zip {t_ours:.2f} s; bare WeasyPrint "
        f"{N} x write_pdf {t_bare:.2f} s; ratio {t_ours / t_bare:.2f}x (target <= 1.5x); "
        f"verification page median {page * 1000:.1f} ms (target <= 50 ms)"
    )
