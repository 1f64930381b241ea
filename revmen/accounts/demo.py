"""The accounts part of the demo: a training institute (BPSDM Kalimantan Tengah), four agencies
with unit trees three levels deep, their staff and people, and the persona logins.

``People`` makes realistic civil servants (names from Faker ``id_ID``, NIPs that pass
``revmen.asn``); later parts (training) use it for the people they need.
"""

from __future__ import annotations

import random
from datetime import date

from django.contrib.auth.hashers import make_password
from faker import Faker

from revmen.core.parts import DemoContext, demo_part
from revmen.core.timezones import IndonesianZone

from .models import GOLONGAN, Agency, AgencyKind, Person, RoleKind, Unit
from .services import agency_create, person_create, role_grant, unit_create

SEED = 20261124
PASSWORD = "revmen-demo"
DOMAIN = "demo.revmen.id"
INSTITUTE = ("BPSDM-KALTENG", "Badan Pengembangan Sumber Daya Manusia Provinsi Kalimantan Tengah")

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


@demo_part(10, "accounts")
def load_accounts_demo(context: DemoContext) -> None:
    people = People(context.rng, context.today)
    institute = agency_create(code=INSTITUTE[0], name=INSTITUTE[1], kind=AgencyKind.INSTITUTE)
    _tree(
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
        _tree(agency, tree)
        agencies.append(agency)
    staff = _institute_staff(people, institute)
    by_agency = {a.code: [people.person(a) for _ in range(34)] for a in agencies}
    _roles(people, agencies)
    context.made.update(
        people=people, institute=institute, agencies=agencies, staff=staff, by_agency=by_agency
    )


def _tree(agency: Agency, tree: dict[str, dict[str, list[str]]]) -> None:
    root = Unit.objects.get(agency=agency, parent__isnull=True)
    for name1, level2 in tree.items():
        unit1 = unit_create(parent=root, name=name1)
        for name2, level3 in level2.items():
            unit2 = unit_create(parent=unit1, name=name2)
            for name3 in level3:
                unit_create(parent=unit2, name=name3)


class People:
    """Makes demo civil servants from one seeded stream; every NIP is unique and valid."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.today = today
        self.rng = rng
        self.fake = Faker("id_ID")
        self.fake.seed_instance(SEED)
        self.password = make_password(PASSWORD)  # hash once: PBKDF2 is slow by design
        self.nips: set[str] = set()

    def nip(self, sex: str) -> str:
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

    def person(
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
            nip=self.nip(sex) if nip else None,
            email=email or self.email(name),
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

    def email(self, name: str) -> str:
        handle = ".".join(
            part for part in name.lower().replace(",", " ").split()[:2] if part.isalpha()
        )
        return f"{handle}{self.rng.randint(1, 99)}@{DOMAIN}"


def _institute_staff(people: People, institute: Agency) -> dict[str, list[Person]]:
    staff: dict[str, list[Person]] = {}
    for role, persona, count, jabatan in [
        ("organiser", "organiser", 2, "Analis Pengembangan Kompetensi ASN"),
        ("facilitator", "facilitator", 5, "Widyaiswara Ahli Madya"),
        ("coach", "coach", 2, "Widyaiswara Ahli Muda"),
        ("examiner", "examiner", 2, "Widyaiswara Ahli Utama"),
    ]:
        staff[role] = [
            people.person(institute, jabatan=jabatan, email=LOGINS[persona][0] if i == 0 else None)
            for i in range(count)
        ]
    admin = people.person(institute, email=LOGINS["admin"][0], jabatan="Pranata Komputer Ahli Muda")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    role_grant(person=admin, kind=RoleKind.PLATFORM_ADMIN)
    for organiser in staff["organiser"]:
        role_grant(person=organiser, kind=RoleKind.ORGANISER, agency=institute)
    return staff


def _roles(people: People, agencies: list[Agency]) -> None:
    prov, kota = agencies[0], agencies[1]
    admin = people.person(prov, email=LOGINS["agency_admin"][0], jabatan="Analis SDM Aparatur")
    role_grant(person=admin, kind=RoleKind.AGENCY_ADMIN, agency=prov)
    culture = people.person(kota, email=LOGINS["culture_admin"][0], jabatan="Analis Kebijakan")
    role_grant(person=culture, kind=RoleKind.CULTURE_ADMIN, agency=kota)
    dinkes = Unit.objects.get(agency=prov, path="Dinas Kesehatan")
    head = people.person(
        prov, email=LOGINS["head_of_unit"][0], unit=dinkes, jabatan="Kepala Dinas Kesehatan"
    )
    role_grant(person=head, kind=RoleKind.HEAD_OF_UNIT, unit=dinkes)
