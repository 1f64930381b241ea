from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency, Person, RoleKind
from revmen.core.forms import Form, SpreadsheetField, choice_field, label_options
from revmen.core.timezones import IndonesianZone

from .models import (
    Agenda,
    AttendanceStatus,
    Batch,
    BatchRole,
    Enrolment,
    Group,
    Mode,
    PhaseKind,
    Programme,
    Session,
    Subject,
)


class EnrolUploadForm(Form):
    file = SpreadsheetField(label=_("Spreadsheet (.xlsx or .csv)"))


class EnrolConfirmForm(Form):
    only_valid = forms.BooleanField(
        label=_("Enrol only the valid rows, skip the bad ones"), required=False
    )


class ParticipantForm(Form):
    """One participant, in the columns of the enrolment sheet."""

    nip = forms.CharField(label="NIP", max_length=30)
    nama = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    instansi = forms.CharField(
        label=_("Agency"), max_length=200, help_text=_("Its code or its exact name.")
    )
    unit = forms.CharField(
        label=_("Work unit"),
        required=False,
        help_text=_("The unit path below the agency, e.g. Dinas Kesehatan/Bidang Pelayanan."),
    )
    jabatan = forms.CharField(label=_("Position"), max_length=200, required=False)
    pangkat_golongan = forms.CharField(label=_("Rank / grade"), max_length=60, required=False)


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.nip or person.email})"


class ProgrammeForm(Form):
    institute = forms.ModelChoiceField(label=_("Institute"), queryset=Agency.objects.none())
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("Short and unique."))
    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, institutes: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = choice_field(self, "institute")
        field.queryset = institutes
        if institutes.count() == 1:
            field.initial = institutes.first()
            field.widget = forms.HiddenInput()


class CopyForm(Form):
    code = forms.CharField(label=_("Code of the new programme"), max_length=40)
    name = forms.CharField(label=_("Name of the new programme"), max_length=300)


class AgendaForm(Form):
    name = forms.CharField(label=_("Agenda"), max_length=200)


class SubjectForm(Form):
    agenda = forms.ModelChoiceField(label=_("Agenda"), queryset=Agenda.objects.none())
    name = forms.CharField(label=_("Mata pelatihan"), max_length=200)
    jp = forms.IntegerField(label="JP", min_value=1, max_value=500)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "agenda").queryset = programme.agendas.all()


class PhaseForm(Form):
    kind = forms.ChoiceField(label=_("Phase"), choices=PhaseKind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=[("", "—"), *Mode.choices], required=False)
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=52, required=False)


def _parse_lines(text: str, separator: str) -> list[tuple[str, Decimal]]:
    parsed = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.rpartition(separator)
        try:
            parsed.append((name.strip(), Decimal(value.strip().replace(",", "."))))
        except (InvalidOperation, ValueError):
            sep = ""
        if not sep or not name.strip():
            raise forms.ValidationError(
                _("Line %(n)s: write “name %(sep)s number”.") % {"n": number, "sep": separator}
            )
    return parsed


class SchemeForm(Form):
    components = forms.CharField(
        label=_("Components and weights"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: “Attitude and behaviour = 20”. The weights add up to 100."),
    )
    bands = forms.CharField(
        label=_("Predicates"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line: “Sangat Memuaskan > 90”: the predicate of a score above 90."),
    )
    pass_mark = forms.DecimalField(
        label=_("Pass mark"),
        min_value=0,
        max_value=100,
        help_text=_("A final score above it passes."),
    )
    min_attendance = forms.DecimalField(
        label=_("Minimum attendance (% of JP)"), min_value=0, max_value=100
    )

    def clean_components(self) -> list[tuple[str, Decimal]]:
        return _parse_lines(self.cleaned_data["components"], "=")

    def clean_bands(self) -> list[tuple[str, Decimal]]:
        return _parse_lines(self.cleaned_data["bands"], ">")

    @staticmethod
    def initial_for(programme: Programme) -> dict[str, Any]:
        return {
            "components": "\n".join(f"{c.name} = {c.weight:g}" for c in programme.components.all()),
            "bands": "\n".join(f"{b.name} > {b.above:g}" for b in programme.bands.all()),
            "pass_mark": programme.pass_mark,
            "min_attendance": programme.min_attendance,
        }


class BatchForm(Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("E.g. PRM-2027-I."))
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. Angkatan I."))
    start_date = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("A soft limit: enrolling more warns but is allowed."),
    )
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Person.objects.none(), required=False
    )
    checkin_lead_minutes = forms.IntegerField(
        label=_("Check-in opens (minutes before a session starts)"),
        min_value=0,
        max_value=24 * 60,
        initial=30,
        required=False,
        help_text=_("30 if left empty. Check-in stays open until the session ends."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisers = Person.objects.filter(
            roles__kind=RoleKind.ORGANISER, roles__agency=programme.institute_id
        )
        choice_field(self, "organiser").queryset = organisers


class _PeopleOfInstitute(Form):
    def people(self, batch: Batch) -> QuerySet[Person]:
        return Person.objects.filter(agency=batch.programme.institute_id)

    def limit(self, field: str, queryset: QuerySet[Any]) -> None:
        choice_field(self, field).queryset = queryset
        if queryset.model is Person:
            label_options(choice_field(self, field), _person_label)


class StaffForm(_PeopleOfInstitute):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (r.value, r.label) for r in (BatchRole.FACILITATOR, BatchRole.COACH, BatchRole.EXAMINER)
        ],
    )
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("person", self.people(batch))


class AssignmentForm(_PeopleOfInstitute):
    subject = forms.ModelChoiceField(label=_("Mata pelatihan"), queryset=Subject.objects.none())
    person = forms.ModelChoiceField(label=_("Facilitator"), queryset=Person.objects.none())

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("subject", Subject.objects.filter(agenda__programme=batch.programme_id))
        self.limit("person", self.people(batch))


class GroupForm(_PeopleOfInstitute):
    name = forms.CharField(label=_("Group"), max_length=100)
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=Person.objects.none(), required=False)
    examiner = forms.ModelChoiceField(
        label=_("Examiner"), queryset=Person.objects.none(), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Participants"), queryset=Enrolment.objects.none(), required=False
    )

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit("coach", self.people(batch))
        self.limit("examiner", self.people(batch))
        self.limit(
            "members",
            batch.enrolments.filter(role=BatchRole.PARTICIPANT).select_related("person"),
        )
        label_options(choice_field(self, "members"), lambda e: e.person.name)


class GroupMemberForm(Form):
    """The participant taken out of a group (a hidden field behind each member's button)."""

    participant = forms.ModelChoiceField(label=_("Participant"), queryset=Enrolment.objects.none())

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = choice_field(self, "participant")
        field.queryset = batch.enrolments.filter(role=BatchRole.PARTICIPANT).select_related(
            "person"
        )
        label_options(field, lambda e: e.person.name)


class GroupMoveForm(GroupMemberForm):
    group = forms.ModelChoiceField(label=_("To the group"), queryset=Group.objects.none())

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, batch=batch, **kwargs)
        choice_field(self, "group").queryset = batch.groups.all()


class MentorForm(Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=Enrolment.objects.none())
    nip = forms.CharField(
        label=_("Mentor's NIP"),
        required=False,
        help_text=_("A civil servant already known to revmen. Otherwise give name and e-mail."),
    )
    name = forms.CharField(label=_("Mentor's name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Mentor's e-mail"), required=False)

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = choice_field(self, "participant")
        field.queryset = batch.enrolments.filter(role=BatchRole.PARTICIPANT).select_related(
            "person"
        )
        label_options(field, lambda e: e.person.name)

    def clean_nip(self) -> Person | None:
        nip = "".join(self.cleaned_data["nip"].split())
        if not nip:
            return None
        person = Person.objects.filter(nip=nip).first()
        if person is None:
            raise forms.ValidationError(_("Nobody with this NIP is known to revmen."))
        return person


class SessionForm(Form):
    subject = forms.ModelChoiceField(
        label=_("Mata pelatihan"), queryset=Subject.objects.none(), required=False
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Empty: the mata pelatihan.")
    )
    # Fixed formats: an <input type="date|time"> takes nothing else (Indonesian writes 08.00).
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Ends"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    zone = forms.ChoiceField(label=_("Time zone"), choices=IndonesianZone.choices)
    jp = forms.IntegerField(label="JP", min_value=1, max_value=20)
    meeting_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    room = forms.CharField(label=_("Room"), max_length=200, required=False)
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"), queryset=Person.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, batch: Batch, session: Session | None = None, **kwargs: Any
    ) -> None:
        """With ``session``: the form to edit it, filled in with its times in its own zone."""
        if session is not None:
            kwargs.setdefault("initial", self.initial_for(session))
        super().__init__(*args, **kwargs)
        choice_field(self, "subject").queryset = Subject.objects.filter(
            agenda__programme=batch.programme_id
        )
        facilitators = Q(
            enrolments__batch=batch,
            enrolments__role=BatchRole.FACILITATOR,
            enrolments__is_active=True,
        )
        if session is not None and session.facilitator_id:
            facilitators |= Q(pk=session.facilitator_id)  # kept even after leaving the batch
        choice_field(self, "facilitator").queryset = Person.objects.filter(facilitators).distinct()
        self.fields["zone"].initial = batch.programme.institute.timezone

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        zone = ZoneInfo(session.timezone)
        starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        return {
            "subject": session.subject_id,
            "title": session.title,
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "zone": session.timezone,
            "jp": session.jp,
            "meeting_url": session.meeting_url,
            "room": session.room,
            "facilitator": session.facilitator_id,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and not data.get("subject"):
            self.add_error("title", _("Give a title or choose a mata pelatihan."))
        return data


class SessionDeleteForm(Form):
    confirm = forms.BooleanField(
        label=_("Also delete the attendance recorded at this session"), required=False
    )


class CheckinForm(Form):
    code = forms.CharField(label=_("Check-in code"), max_length=12)


class RollCallForm(Form):
    """One choice per active participant, starting from their mark (present if none yet), so the
    facilitator only changes the exceptions."""

    reason = forms.CharField(
        label=_("Note for the trail (optional)"), max_length=500, required=False
    )

    def __init__(
        self, *args: Any, roster: list[tuple[Any, str]], recorded: dict[int, str], **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "roll_%s")
        super().__init__(*args, **kwargs)
        self.people = {}
        for enrolment, _status in roster:
            name = f"p{enrolment.person_id}"
            self.people[name] = enrolment.person_id
            self.fields[name] = forms.ChoiceField(
                label=enrolment.person.name,
                choices=AttendanceStatus.choices,
                initial=recorded.get(enrolment.person_id, AttendanceStatus.PRESENT),
            )
        self.order_fields([*self.people, "reason"])

    def marks(self) -> dict[int, str]:
        return {pk: self.cleaned_data[name] for name, pk in self.people.items()}

    def status_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.people]


class CorrectionForm(Form):
    person = forms.ModelChoiceField(label=_("Participant"), queryset=Person.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=AttendanceStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").queryset = Person.objects.filter(
            enrolments__batch=batch, enrolments__role=BatchRole.PARTICIPANT
        )
