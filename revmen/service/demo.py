"""Demo: two service units with published standards (one with history), closed and open SKM
periods with answers, complaints answered and waiting."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from revmen.accounts.models import Agency, Person, RoleKind, Unit
from revmen.core.parts import DemoContext, demo_part
from revmen.instruments.models import Administration, Response

from .models import Complaint, ServiceUnit
from .services import (
    complaint_answer,
    figures_changed,
    period_follow_up,
    period_open,
    service_unit_create,
    skm_answer,
    standard_approve,
    standard_save,
)

STANDARD = {
    "requirements": (
        "1. KTP elektronik\n2. Surat pengantar dari fasilitas kesehatan\n3. Ijazah dan STR"
    ),
    "procedure": (
        "Ambil nomor antrean, serahkan berkas di loket, verifikasi berkas, terima tanda "
        "terima, ambil izin."
    ),
    "time": "5 hari kerja sejak berkas lengkap",
    "cost": "",
    "product": "Surat Izin Praktik (SIP)",
    "complaints": (
        "Kotak saran di loket, formulir pengaduan di halaman ini, WhatsApp 0811-0000-000."
    ),
    "legal_basis": "UU 25/2009 tentang Pelayanan Publik; PermenPAN-RB 15/2014.",
    "facilities": "Ruang tunggu ber-AC, kursi roda, toilet ramah disabilitas.",
    "competence": "Petugas loket telah mengikuti pelatihan pelayanan prima.",
    "internal_control": "Pengawasan oleh atasan langsung dan Inspektorat.",
    "staff_count": "4 petugas loket",
    "guarantee": "Izin terbit tepat waktu atau kami hubungi Saudara.",
    "safety": "Data pemohon dijaga kerahasiaannya.",
    "evaluation": "Evaluasi kinerja petugas setiap triwulan.",
}
PLEDGE = (
    "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan "
    "yang telah ditetapkan, dan apabila tidak menepati janji ini kami siap menerima sanksi "
    "sesuai peraturan perundang-undangan yang berlaku."
)
FOLLOW_UP = (
    "1. Menambah satu loket pada hari Senin.\n2. Menyederhanakan verifikasi berkas.\n"
    "3. Menjawab setiap pengaduan dalam 1x24 jam."
)
COMPLAINTS = [
    ("complaint", "Antrean di loket 2 sangat lama pada hari Senin."),
    ("suggestion", "Mohon disediakan informasi persyaratan di papan depan."),
    ("complaint", "Petugas meminta fotokopi tambahan yang tidak ada di persyaratan."),
    ("suggestion", "Sebaiknya ada layanan pendaftaran daring."),
    ("complaint", "AC ruang tunggu mati."),
]


@demo_part(50, "service")
def load_service_part(context: DemoContext) -> None:
    rng, today = context.rng, context.today
    prov = Agency.objects.exclude(kind="institute").order_by("code").first()
    dinkes = Unit.objects.filter(path="Dinas Kesehatan").select_related("agency").first()
    if prov is None or dinkes is None:
        return
    head = Person.objects.filter(roles__kind=RoleKind.HEAD_OF_UNIT, roles__unit=dinkes).first()
    first = service_unit_create(
        unit=dinkes,
        slug="dinkes-izin",
        name="Pelayanan Perizinan Dinas Kesehatan",
        population=400,
        by=head,
    )
    _standard(first, head, "Izin Praktik Tenaga Kesehatan", "Standar pertama")
    _standard(
        first,
        head,
        "Izin Praktik Tenaga Kesehatan",
        "Waktu penyelesaian dipersingkat",
        time="3 hari kerja",
    )
    _period(first, rng, "2025 Semester II", today - timedelta(days=300), 120, 0.62, follow=True)
    # Before and after the closed training batch (days -120 to -57), whose completed change
    # project names this service: the impact dashboard's results level.
    _period(first, rng, "2026 Semester I", today - timedelta(days=150), 110, 0.66, follow=True)
    _period(
        first, rng, "2026 Triwulan III", today - timedelta(days=50), 90, 0.78, days=30, follow=True
    )
    _period(first, rng, "2026 Semester II", today - timedelta(days=10), 14, 0.75, closed=False)
    second_unit = (
        Unit.objects.filter(depth=1)
        .exclude(agency=dinkes.agency)
        .exclude(agency__kind="institute")
        .order_by("agency__code", "path")
        .first()
    )
    if second_unit is not None:
        second = service_unit_create(
            unit=second_unit,
            slug="layanan-" + str(second_unit.pk),
            name=f"Pelayanan {second_unit.name}",
            population=150,
            by=head,
        )
        _standard(second, head, f"Layanan {second_unit.name}", "")
        _period(second, rng, "2026 Semester I", today - timedelta(days=90), 60, 0.55, follow=True)
        _period(second, rng, "2026 Semester II", today - timedelta(days=5), 6, 0.6, closed=False)
        _complaints(second, rng, head, today)
    _complaints(first, rng, head, today)


def _standard(
    service_unit: ServiceUnit, head: Person | None, name: str, note: str, time: str = ""
) -> None:
    components = dict(STANDARD, **({"time": time} if time else {}))
    standard_save(
        service_unit=service_unit,
        service_name=name,
        components=components,
        is_free=True,
        pledge=PLEDGE,
        change_note=note,
        submit=True,
        by=head,  # type: ignore[arg-type]
    )
    standard_approve(service_unit=service_unit, by=head)  # type: ignore[arg-type]


def _answer(rng: random.Random, good: float) -> dict[str, str]:
    data = {}
    for i in range(1, 10):
        shift = -0.15 if i in (3, 8) else 0.0  # time and complaint handling lag
        r = rng.random()
        p = good + shift
        data[f"U{i}"] = "4" if r < p * 0.45 else "3" if r < p + 0.2 else "2" if r < 0.97 else "1"
    if rng.random() < 0.85:
        data.update(
            R1=str(rng.randint(1, 2)),
            R2=str(rng.choice([2, 2, 3, 3, 4, 5])),
            R3=str(rng.choice([3, 3, 4, 5])),
            R4=str(rng.randint(1, 5)),
        )
    return data


def _period(
    service_unit: ServiceUnit,
    rng: random.Random,
    name: str,
    opened: date,
    n: int,
    good: float,
    *,
    closed: bool = True,
    follow: bool = False,
    days: int = 60,
) -> None:
    zone = timezone.get_current_timezone()
    opens = datetime.combine(opened, time(8), zone)
    period = period_open(
        service_unit=service_unit,
        name=name,
        opens_at=min(opens, timezone.now() - timedelta(hours=1)),
        closes_at=timezone.now() + timedelta(days=1 if closed else 40),
    )
    for i in range(n):
        skm_answer(
            period=period, data=_answer(rng, good), key=f"demo-{period.pk}-{i}-{rng.random()}"
        )
    if closed:
        end = min(opens + timedelta(days=days), timezone.now() - timedelta(minutes=1))
        Administration.objects.filter(pk=period.administration_id).update(closes_at=end)
        Response.objects.filter(administration_id=period.administration_id).update(
            submitted_on=(opens + timedelta(days=days // 3)).date()
        )
        figures_changed(service_unit.pk)
    if follow:
        period.refresh_from_db()
        period_follow_up(
            period=period,
            text=FOLLOW_UP,
            publish=True,
            population=period.population,
        )


def _complaints(
    service_unit: ServiceUnit, rng: random.Random, head: Person | None, today: date
) -> None:
    now = timezone.now()
    for i, (kind, text) in enumerate(COMPLAINTS):
        received = now - timedelta(days=rng.randint(3, 80), hours=rng.randint(0, 8))
        complaint = Complaint.objects.create(
            service_unit=service_unit,
            tracking_code=f"DEMO{service_unit.pk}X{i}{rng.randint(100, 999)}"[:16],
            submit_key=f"demo-{service_unit.pk}-{i}",
            kind=kind,
            text=text,
            created_at=received,
            name="" if i % 2 else "Warga",
        )
        if i == len(COMPLAINTS) - 1 or head is None:
            continue  # one waits for an answer
        complaint_answer(
            complaint=complaint,
            text="Terima kasih, sudah kami tindak lanjuti.",
            close=i % 3 != 2,
            by=head,
        )
        answered = received + timedelta(hours=rng.choice([2, 5, 9, 20, 30, 50]))
        Complaint.objects.filter(pk=complaint.pk).update(
            first_answered_at=answered,
            closed_at=answered + timedelta(hours=rng.randint(1, 48)) if i % 3 != 2 else None,
        )
    figures_changed(service_unit.pk)
