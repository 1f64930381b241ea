"""A realistic Indonesian demo, generated with a fixed seed. It grows with every feature.

A training institute (BPSDM Kalimantan Tengah), four agencies with unit trees three levels deep,
about 150 people in every role, and one programme with a closed, a running and a planned batch.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from revmen.accounts.models import GOLONGAN, Agency, AgencyKind, Person, RoleKind, Unit
from revmen.accounts.services import agency_create, person_create, role_grant, unit_create
from revmen.core.timezones import IndonesianZone
from revmen.culture.demo import load_culture_demo
from revmen.instruments.library import load_library
from revmen.instruments.models import Administration, Instrument, Item, Response, Token, Version
from revmen.instruments.services import administration_create
from revmen.training.demo import load_training_demo
from revmen.training.models import Batch, BatchRole, Enrolment, Programme

SEED = 20261124
PASSWORD = "revmen-demo"
DOMAIN = "demo.revmen.id"
INSTITUTE = ("BPSDM-KALTENG", "Badan Pengembangan Sumber Daya Manusia Provinsi Kalimantan Tengah")
PROGRAMME = (
    "Pelatihan Revolusi Mental untuk Penguatan Budaya Birokrasi yang Bersih, Melayani dan Responsif"
)

# code, name, zone, {level-1 unit: {level-2 unit: [level-3 units]}}
AGENCIES: list[tuple[str, str, str, str, dict[str, dict[str, list[str]]]]] = [
    (
        "PEMPROV-KALTENG",
        "Pemerintah Provinsi Kalimantan Tengah",
        AgencyKind.PROVINCE,
        IndonesianZone.WIB,
        {
            "Sekretariat Daerah": {
                "Biro Umum": ["Bagian Tata Usaha", "Bagian Rumah Tangga"],
                "Biro Organisasi": ["Bagian Kelembagaan", "Bagian Tata Laksana"],
            },
            "Dinas Kesehatan": {
                "Bidang Pelayanan Kesehatan": ["Seksi Pelayanan Rujukan", "Seksi Mutu Pelayanan"],
                "Bidang Pencegahan Penyakit": ["Seksi Surveilans", "Seksi Imunisasi"],
            },
            "Dinas Penanaman Modal dan PTSP": {
                "Bidang Perizinan": ["Seksi Perizinan Usaha", "Seksi Perizinan Non-Usaha"],
                "Bidang Pengaduan": ["Seksi Pengaduan dan Informasi"],
            },
        },
    ),
    (
        "KOTA-PALANGKARAYA",
        "Pemerintah Kota Palangka Raya",
        AgencyKind.REGENCY,
        IndonesianZone.WIB,
        {
            "Dinas Kependudukan dan Pencatatan Sipil": {
                "Bidang Pelayanan Pendaftaran Penduduk": [
                    "Seksi Identitas Penduduk",
                    "Seksi Pindah Datang",
                ],
                "Bidang Pelayanan Pencatatan Sipil": [
                    "Seksi Kelahiran",
                    "Seksi Perkawinan dan Perceraian",
                ],
            },
            "Kecamatan Jekan Raya": {
                "Kelurahan Bukit Tunggal": ["Seksi Pelayanan Umum"],
                "Kelurahan Menteng": ["Seksi Pelayanan Umum"],
            },
            "RSUD dr. Doris Sylvanus": {
                "Bidang Pelayanan Medik": ["Instalasi Rawat Jalan", "Instalasi Gawat Darurat"]
            },
        },
    ),
    (
        "KAB-KAPUAS",
        "Pemerintah Kabupaten Kapuas",
        AgencyKind.REGENCY,
        IndonesianZone.WIB,
        {
            "Badan Kepegawaian dan Pengembangan SDM": {
                "Bidang Mutasi": ["Subbidang Kepangkatan"],
                "Bidang Pengembangan": ["Subbidang Diklat"],
            },
            "Dinas Pendidikan": {
                "Bidang Pembinaan SD": ["Seksi Kurikulum", "Seksi Kesiswaan"],
                "Bidang Pembinaan SMP": ["Seksi Kurikulum", "Seksi Kesiswaan"],
            },
            "Dinas Sosial": {"Bidang Perlindungan Sosial": ["Seksi Bantuan Sosial"]},
        },
    ),
    (
        "KOTA-MAKASSAR",
        "Pemerintah Kota Makassar",
        AgencyKind.REGENCY,
        IndonesianZone.WITA,
        {
            "Dinas Penanaman Modal dan PTSP": {
                "Bidang Pelayanan Perizinan": ["Seksi Perizinan A", "Seksi Perizinan B"]
            },
            "Dinas Perhubungan": {
                "Bidang Lalu Lintas": ["Seksi Manajemen Lalu Lintas"],
                "Bidang Angkutan": ["Seksi Angkutan Orang"],
            },
            "Kecamatan Panakkukang": {"Kelurahan Pandang": ["Seksi Pelayanan Umum"]},
        },
    ),
]

JABATAN = [
    "Analis Kebijakan",
    "Analis SDM Aparatur",
    "Pranata Komputer",
    "Perencana",
    "Penata Laksana Barang",
    "Analis Pelayanan",
    "Perawat",
    "Dokter",
    "Guru",
    "Pengadministrasi Umum",
    "Verifikator Perizinan",
    "Kepala Seksi",
    "Kepala Subbagian",
]
PLACES = [
    "Palangka Raya",
    "Kuala Kapuas",
    "Sampit",
    "Banjarmasin",
    "Makassar",
    "Pontianak",
    "Surabaya",
    "Yogyakarta",
    "Pangkalan Bun",
    "Muara Teweh",
    "Gowa",
    "Samarinda",
]

# The persona logins the README lists: e-mail, role label
LOGINS = {
    "admin": ("admin@" + DOMAIN, "platform admin"),
    "organiser": ("penyelenggara@" + DOMAIN, "penyelenggara (organiser)"),
    "agency_admin": ("admin.instansi@" + DOMAIN, "agency admin (Pemprov Kalteng)"),
    "culture_admin": ("admin.budaya@" + DOMAIN, "culture admin (Kota Palangka Raya)"),
    "head_of_unit": ("kepala.unit@" + DOMAIN, "head of unit (Dinas Kesehatan)"),
    "facilitator": ("fasilitator@" + DOMAIN, "fasilitator / widyaiswara"),
    "coach": ("coach@" + DOMAIN, "coach"),
    "examiner": ("penguji@" + DOMAIN, "penguji (examiner)"),
    "mentor": ("mentor@" + DOMAIN, "mentor (no NIP: police officer)"),
    "participant": ("peserta@" + DOMAIN, "peserta (running batch)"),
    "alumni": ("alumni@" + DOMAIN, "alumni (closed batch)"),
}


@dataclass
class DemoResult:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def demo_loaded() -> bool:
    return Agency.objects.filter(code=INSTITUTE[0]).exists()


def load_demo(*, today: date | None = None) -> DemoResult:
    """Load the demo once; a second call changes nothing."""
    if demo_loaded():
        return DemoResult(created=False, counts=_counts())
    with transaction.atomic():
        _Builder(today or date.today()).build()
    return DemoResult(created=True, counts=_counts())


def _counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "batches": Batch.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "responses": Response.objects.count(),
    }


class _Builder:
    def __init__(self, today: date) -> None:
        self.today = today
        self.rng = random.Random(SEED)
        self.fake = Faker("id_ID")
        self.fake.seed_instance(SEED)
        self.password = make_password(PASSWORD)  # hash once: PBKDF2 is slow by design
        self.nips: set[str] = set()

    def build(self) -> None:
        institute = agency_create(code=INSTITUTE[0], name=INSTITUTE[1], kind=AgencyKind.INSTITUTE)
        self._tree(
            institute,
            {
                "Bidang Pengembangan Kompetensi Manajerial": {
                    "Seksi Penyelenggaraan": ["Subseksi Pelatihan Daring"]
                }
            },
        )
        agencies = []
        for code, name, kind, zone, tree in AGENCIES:
            agency = agency_create(code=code, name=name, kind=kind, timezone=zone)
            self._tree(agency, tree)
            agencies.append(agency)
        staff = self._institute_staff(institute)
        people = {a.code: [self._person(a) for _ in range(34)] for a in agencies}
        self._roles(institute, agencies, people)
        batches = self._training(institute, staff, people)
        load_training_demo(today=self.today)
        _Questionnaires(self.rng, self.today).build(batches)
        load_culture_demo(self.rng, self.today)

    def _tree(self, agency: Agency, tree: dict[str, dict[str, list[str]]]) -> None:
        root = Unit.objects.get(agency=agency, parent__isnull=True)
        for name1, level2 in tree.items():
            unit1 = unit_create(parent=root, name=name1)
            for name2, level3 in level2.items():
                unit2 = unit_create(parent=unit1, name=name2)
                for name3 in level3:
                    unit_create(parent=unit2, name=name3)

    def _nip(self, sex: str) -> str:
        while True:
            birth = self.fake.date_between(date(1968, 1, 1), date(1999, 12, 31))
            year = self.rng.randint(birth.year + 21, min(birth.year + 35, self.today.year - 1))
            month = 21 if self.rng.random() < 0.06 else self.rng.randint(1, 12)
            sex_digit = "1" if sex == "L" else "2"
            sequence = self.rng.randint(1, 999)
            nip = f"{birth:%Y%m%d}{year}{month:02d}{sex_digit}{sequence:03d}"
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def _person(
        self,
        agency: Agency,
        *,
        email: str | None = None,
        nip: bool = True,
        unit: Unit | None = None,
        jabatan: str | None = None,
    ) -> Person:
        sex = self.rng.choice("LP")
        name = self.fake.name_male() if sex == "L" else self.fake.name_female()
        units = list(Unit.objects.filter(agency=agency, depth__gte=1))
        person = person_create(
            name=name,
            nip=self._nip(sex) if nip else None,
            email=email or self._email(name),
            agency=agency,
            unit=unit or self.rng.choice(units),
            birth_place=self.rng.choice(PLACES),
            sex=sex,
            pangkat_golongan=self.rng.choice(GOLONGAN[8:15]),
            jabatan=jabatan or self.rng.choice(JABATAN),
            today=self.today,
        )
        person.password = self.password
        person.save(update_fields=["password"])
        return person

    def _email(self, name: str) -> str:
        handle = ".".join(
            part for part in name.lower().replace(",", " ").split()[:2] if part.isalpha()
        )
        return f"{handle}{self.rng.randint(1, 99)}@{DOMAIN}"

    def _institute_staff(self, institute: Agency) -> dict[str, list[Person]]:
        staff: dict[str, list[Person]] = {}
        for role, persona, count, jabatan in [
            ("organiser", "organiser", 2, "Analis Pengembangan Kompetensi ASN"),
            ("facilitator", "facilitator", 5, "Widyaiswara Ahli Madya"),
            ("coach", "coach", 2, "Widyaiswara Ahli Muda"),
            ("examiner", "examiner", 2, "Widyaiswara Ahli Utama"),
        ]:
            staff[role] = [
                self._person(
                    institute, jabatan=jabatan, email=LOGINS[persona][0] if i == 0 else None
                )
                for i in range(count)
            ]
        admin = self._person(
            institute, email=LOGINS["admin"][0], jabatan="Pranata Komputer Ahli Muda"
        )
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        role_grant(person=admin, kind=RoleKind.PLATFORM_ADMIN)
        for organiser in staff["organiser"]:
            role_grant(person=organiser, kind=RoleKind.ORGANISER, agency=institute)
        return staff

    def _roles(
        self, institute: Agency, agencies: list[Agency], people: dict[str, list[Person]]
    ) -> None:
        prov, kota = agencies[0], agencies[1]
        admin = self._person(prov, email=LOGINS["agency_admin"][0], jabatan="Analis SDM Aparatur")
        role_grant(person=admin, kind=RoleKind.AGENCY_ADMIN, agency=prov)
        culture = self._person(kota, email=LOGINS["culture_admin"][0], jabatan="Analis Kebijakan")
        role_grant(person=culture, kind=RoleKind.CULTURE_ADMIN, agency=kota)
        dinkes = Unit.objects.get(agency=prov, path="Dinas Kesehatan")
        head = self._person(
            prov, email=LOGINS["head_of_unit"][0], unit=dinkes, jabatan="Kepala Dinas Kesehatan"
        )
        role_grant(person=head, kind=RoleKind.HEAD_OF_UNIT, unit=dinkes)

    def _training(
        self, institute: Agency, staff: dict[str, list[Person]], people: dict[str, list[Person]]
    ) -> list[Batch]:
        programme = Programme.objects.create(institute=institute, code="PRM", name=PROGRAMME)
        batches = []
        for number, start_offset in [("I", -120), ("II", -10), ("III", 45)]:
            start = self.today + timedelta(days=start_offset)
            batch = Batch.objects.create(
                programme=programme,
                code=f"PRM-{start.year}-{number}",
                name=f"Angkatan {number} Tahun {start.year}",
                start_date=start,
                end_date=start + timedelta(weeks=9),
            )
            batches.append(batch)
        closed = batches[0]
        Batch.objects.filter(pk=closed.pk).update(closed_at=_aware(closed.end_date))
        pool = [p for group in people.values() for p in group]
        self.rng.shuffle(pool)
        mentor_outside = self._person(
            institute,
            email=LOGINS["mentor"][0],
            nip=False,
            unit=None,
            jabatan="Kepala Bagian Sumber Daya Manusia Polda Kalimantan Tengah",
        )
        mentor_outside.agency = None
        mentor_outside.unit = None
        mentor_outside.save(update_fields=["agency", "unit"])
        for index, batch in enumerate(batches):
            participants = pool[index * 28 : (index + 1) * 28] if index < 2 else pool[56:76]
            if index == 0:
                participants[0].email = LOGINS["alumni"][0]
                participants[0].save(update_fields=["email"])
            if index == 1:
                participants[0].email = LOGINS["participant"][0]
                participants[0].save(update_fields=["email"])
            for person in participants:
                Enrolment.objects.create(batch=batch, person=person, role=BatchRole.PARTICIPANT)
            for person in staff["facilitator"][:3]:
                Enrolment.objects.create(batch=batch, person=person, role=BatchRole.FACILITATOR)
            Enrolment.objects.create(batch=batch, person=staff["coach"][0], role=BatchRole.COACH)
            Enrolment.objects.create(
                batch=batch, person=staff["examiner"][0], role=BatchRole.EXAMINER
            )
            mentors = [mentor_outside, *[p for p in pool[76:] if p not in participants][:4]]
            for person in mentors:
                Enrolment.objects.get_or_create(batch=batch, person=person, role=BatchRole.MENTOR)
        return batches


def _aware(day: date, hour: int = 16) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


REFLECTIONS = [
    "Saya ingin lebih cepat menanggapi keluhan masyarakat.",
    "Saya ingin berhenti menunda pekerjaan dan lebih disiplin waktu.",
    "Saya ingin menolak setiap pemberian yang berkaitan dengan pelayanan.",
    "Saya ingin lebih terbuka menerima masukan dari rekan kerja.",
    "Saya ingin menyederhanakan prosedur layanan di unit saya.",
    "Saya ingin melibatkan tim dalam mencari solusi, bukan bekerja sendiri.",
]


class _Questionnaires:
    """Pre/post attitude, facilitator and organiser evaluations, answered as people would."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today

    def build(self, batches: list[Batch]) -> None:
        load_library()
        closed, running, _planned = batches
        sikap = self._version("SIKAP-RM")
        evalf = self._version("EVAL-FASILITATOR")
        evalp = self._version("EVAL-PENYELENGGARA")
        gains = {e.person_id: self.rng.gauss(0.45, 0.35) for e in closed.enrolments.all()}
        gains.update({e.person_id: self.rng.gauss(0.3, 0.35) for e in running.enrolments.all()})
        traits = {pid: self.rng.gauss(0, 1) for pid in gains}
        for batch in (closed, running):
            pre = self._open(sikap, batch, "pre", "Pre-test sikap", batch.start_date, 3)
            skip = 3 if batch is running else 0
            self._answer(pre, traits, None, skip=skip)
        post = self._open(
            sikap, closed, "post", "Post-test sikap", closed.end_date - timedelta(days=5), 5
        )
        self._answer(post, traits, gains)
        self._open(
            sikap, running, "post", "Post-test sikap", running.end_date - timedelta(days=5), 5
        )
        for batch, open_now in ((closed, False), (running, True)):
            start = (
                self.today - timedelta(days=2) if open_now else batch.end_date - timedelta(days=3)
            )
            fac = self._open(
                evalf,
                batch,
                "evaluation",
                "Evaluasi fasilitator",
                start,
                7,
                subject="facilitators",
                identity="confidential",
            )
            org = self._open(
                evalp,
                batch,
                "evaluation",
                "Evaluasi penyelenggaraan",
                start,
                7,
                identity="anonymous",
            )
            if not open_now:
                self._answer(fac, traits, None, shift=0.6)
                self._answer(org, traits, None, shift=0.4)

    def _version(self, code: str) -> Version:
        version = Instrument.objects.get(code=code).latest_version()
        assert version is not None
        return version

    def _open(
        self,
        version: Version,
        batch: Batch,
        purpose: str,
        title: str,
        start: date,
        days: int,
        *,
        subject: str = "none",
        identity: str = "identified",
    ) -> Administration:
        return administration_create(
            version=version,
            title=f"{title} · {batch.name}",
            purpose=purpose,
            audience="participants",
            identity=identity,
            subject=subject,
            batch=batch,
            opens_at=_aware(start, 7),
            closes_at=_aware(start + timedelta(days=days), 23),
        )

    def _answer(
        self,
        administration: Administration,
        traits: dict[int, float],
        gains: dict[int, float] | None,
        *,
        skip: int = 0,
        shift: float = 0.0,
    ) -> None:
        items = list(administration.version.items.all())
        invitations = list(
            administration.invitations.select_related("person").order_by("person__name")
        )[skip:]
        day = administration.opens_at.date() + timedelta(days=1)
        responses = []
        for invitation in invitations:
            theta = traits.get(invitation.person_id, 0.0) + shift
            if gains is not None:
                theta += gains.get(invitation.person_id, 0.0)
            values = [self._value(item, theta) for item in items]
            texts = {}
            for item in items:
                if item.is_text and self.rng.random() < 0.5:
                    texts[item.code] = self.rng.choice(REFLECTIONS)
            anonymous = administration.identity == "anonymous"
            responses.append(
                Response(
                    administration=administration,
                    respondent=None if anonymous else invitation.person,
                    subject=invitation.subject,
                    answers=bytes(values),
                    texts=texts,
                    submitted_on=day,
                )
            )
        if administration.identity == "anonymous":
            Token.objects.filter(administration=administration).delete()
        self.rng.shuffle(responses)
        Response.objects.bulk_create(responses)

    def _value(self, item: Item, theta: float) -> int:
        if item.is_text:
            return 0
        top = item.max_value
        if item.kind != "likert":
            return self.rng.randint(1, top)
        z = 0.35 + 0.8 * theta + self.rng.gauss(0, 0.75)
        value = round((top + 1) / 2 + (top - 1) / 4 * z)
        value = min(max(value, 1), top)
        return top + 1 - value if item.reverse else value
