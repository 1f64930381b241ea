"""People, agencies (instansi) and their trees of work units (unit kerja), and roles."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Upper
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from revmen.core.timezones import IndonesianZone


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry / central agency")
    PROVINCE = "province", _("Provincial government")
    REGENCY = "regency", _("Regency / city government")
    INSTITUTE = "institute", _("Training institute")
    OTHER = "other", _("Other")


class Agency(models.Model):
    """An instansi. A training institute (LAN centre, BPSDM) is an agency too."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AgencyKind.choices, default=AgencyKind.OTHER
    )
    timezone = models.CharField(
        _("time zone"), max_length=32, choices=IndonesianZone.choices, default=IndonesianZone.WIB
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code=Upper("code")), name="agency_code_upper"
            ),
            models.CheckConstraint(condition=~models.Q(code=""), name="agency_code_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_institute(self) -> bool:
        return self.kind == AgencyKind.INSTITUTE


class UnitQuerySet(models.QuerySet["Unit"]):
    def subtree(self, unit: Unit) -> UnitQuerySet:
        """The unit and everything below it (paths share the prefix ``path/``)."""
        qs = self.filter(agency_id=unit.agency_id)
        if unit.path == "":
            return qs
        return qs.filter(models.Q(path=unit.path) | models.Q(path__startswith=unit.path + "/"))


class Unit(models.Model):
    """A unit kerja. Every agency has one root unit (empty path) that stands for the agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    # Names from below the root joined by "/" ("\/" inside a name); "" for the root.
    path = models.TextField(_("path"), blank=True)
    depth = models.PositiveSmallIntegerField(default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["agency_id", "path"]
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        constraints = [
            models.UniqueConstraint(fields=["agency", "path"], name="unit_path_unique"),
            models.UniqueConstraint(fields=["parent", "name"], name="unit_sibling_name_unique"),
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(parent__isnull=True),
                name="unit_one_root_per_agency",
            ),
        ]
        indexes = [models.Index(fields=["agency", "depth"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_root(self) -> bool:
        return self.parent_id is None


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


GOLONGAN = [
    "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
]  # fmt: skip


# Titles and honorifics that open Indonesian names but are not what people are called by.
NAME_TITLES = {
    "dt",
    "sutan",
    "hj",
    "h",
    "raden",
    "r",
    "puti",
    "cut",
    "teuku",
    "tengku",
    "dr",
    "drs",
    "ir",
    "prof",
    "kh",
    "ny",
    "tn",
    "i",
    "ni",
    "andi",
    "daeng",
    "gusti",
}


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields: object) -> Person:
        person = self.model(username=username, **fields)
        person.set_password(password)  # None gives an unusable password
        person.save(using=self._db)
        return person

    def create_superuser(
        self, username: str, password: str | None = None, **fields: object
    ) -> Person:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """A person known to revmen: an ASN with a NIP, or someone outside the civil service.

    Log in with NIP or e-mail; ``username`` is an internal handle (the NIP when there is one).
    People created by import have no usable password until they accept their invitation.
    """

    username = models.CharField(_("username"), max_length=150, unique=True)
    nip = models.CharField("NIP", max_length=18, unique=True, null=True, blank=True)
    is_pppk = models.BooleanField(_("PPPK"), default=False)
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    pangkat_golongan = models.CharField(_("rank / grade"), max_length=60, blank=True)
    jabatan = models.CharField(_("position"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("agency"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("work unit"),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=32,
        choices=IndonesianZone.choices,
        blank=True,
        help_text=_("Empty: the time zone of your agency."),
    )
    is_staff = models.BooleanField(_("back-office staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(default=now)

    objects = PersonManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name", "email"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nip__isnull=False) | ~models.Q(email=""),
                name="person_nip_or_email",
            ),
        ]
        indexes = [models.Index(Upper("email"), name="person_email_upper")]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})" if self.nip else self.name

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        """The name to greet with: the first word that is not a title (``Hj.``, ``R.``)."""
        for word in self.name.replace(",", " ").split():
            if not word.endswith(".") and word.lower() not in NAME_TITLES:
                return word
        return self.name or self.username

    @property
    def effective_timezone(self) -> str:
        if self.timezone:
            return self.timezone
        return self.agency.timezone if self.agency_id and self.agency else IndonesianZone.WIB


class RoleKind(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    ORGANISER = "organiser", _("Organiser (penyelenggara)")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    CULTURE_ADMIN = "culture_admin", _("Culture administrator")
    HEAD_OF_UNIT = "head_of_unit", _("Head of unit")


class Role(models.Model):
    """A standing role. Per-batch roles (facilitator, participant …) live on enrolments."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    models.Q(kind="platform_admin", agency__isnull=True, unit__isnull=True)
                    | models.Q(
                        kind__in=["organiser", "agency_admin", "culture_admin"],
                        agency__isnull=False,
                        unit__isnull=True,
                    )
                    | models.Q(kind="head_of_unit", agency__isnull=False, unit__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.agency or ""
        return f"{self.get_kind_display()} {scope}".strip()


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Corrected")
    REJECTED = "rejected", _("Rejected")


class CorrectionRequest(models.Model):
    """A person asks for their own record to be corrected (UU 27/2022: the right to correct).

    Their agency's administrator or a platform administrator answers: corrected or rejected,
    with a reply the person reads on their profile."""

    FIELDS = [
        ("name", _("full name")),
        ("nip", "NIP"),
        ("email", _("e-mail")),
        ("birth_place", _("place of birth")),
        ("birth_date", _("date of birth")),
        ("sex", _("sex")),
        ("pangkat_golongan", _("rank / grade")),
        ("jabatan", _("position")),
        ("unit", _("work unit")),
        ("agency", _("agency")),
        ("other", _("something else")),
    ]

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("what is wrong"), max_length=20, choices=FIELDS)
    correct_value = models.CharField(_("correct value"), max_length=200)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    reply = models.TextField(_("reply"), blank=True, max_length=2000)
    handled_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_field_display()}"
