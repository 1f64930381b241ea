"""The authorisation matrix: for every URL pattern, what each persona must get.

Written by hand from the roles' rules (CONTRIBUTING "Layers" and "Where logic goes", the
product's roles, the docstrings of ``accounts/access.py``, ``training/access.py``,
``culture/access.py`` and of the views' permission helpers), never recorded from what the code
answers. ``test_authorisation_matrix.py`` builds the objects once and asks every URL as every
persona. A URL pattern without an entry here fails that test: add one when you add a URL.

The rules in short:

- an outsider gets **404**, never 403; a logged-out visitor of a page behind the login is
  redirected to the login page (``LOGIN``); public pages (health, login, answer links, the
  culture link, the invitation link) answer everyone;
- a page that only takes a form (``require_POST``) answers GET with 405 to anyone logged in;
  on POST (a harmless body, rolled back) outsiders get 404 and the allowed get neither 403
  nor 404 (``ALLOWED``: usually the redirect after the form);
- a job (an import's progress, a PDF being made) belongs to whoever started it: everyone else,
  the platform admin too, gets 404 (the rule the job pages state: ``owner=request.user``);
- answering "as a person" needs an invitation: nobody else answers for them, the platform admin
  neither;
- the objects: the agency is PEMPROV-A (the participant's), the person is the participant
  (Ani, PEMPROV-A's Seksi Rujukan, under the head's Dinas Kesehatan), the batch is PRM-T-I
  of BPSDM-TEST, the instrument is BPSDM-TEST's own (private) instrument, the waves are
  PEMPROV-A's (one open, one closed).

Personas (``test_authorisation_matrix.py`` makes them; most come from ``front/testing.py``):
``admin`` platform admin; ``organiser`` of BPSDM-TEST; ``facilitator``, ``coach``, ``mentor``
of the batch; ``participant`` (Ani, the person of the person pages) and ``peer`` (Rudi,
KOTA-B) participants of the batch; ``agency_admin``, ``culture_admin`` of PEMPROV-A; ``head``
of PEMPROV-A's Dinas Kesehatan; ``other_agency``: a person of KAB-C with no role;
``other_organiser`` of another institute; ``other_participant`` of that institute's batch;
``anonymous``: logged out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ADMIN = "admin"
ORGANISER = "organiser"
FACILITATOR = "facilitator"
COACH = "coach"
MENTOR = "mentor"
PARTICIPANT = "participant"
PEER = "peer"
AGENCY_ADMIN = "agency_admin"
CULTURE_ADMIN = "culture_admin"
HEAD = "head"
OTHER_AGENCY = "other_agency"
OTHER_ORGANISER = "other_organiser"
OTHER_PARTICIPANT = "other_participant"
ANONYMOUS = "anonymous"

LOGGED_IN = (
    ADMIN,
    ORGANISER,
    FACILITATOR,
    COACH,
    MENTOR,
    PARTICIPANT,
    PEER,
    AGENCY_ADMIN,
    CULTURE_ADMIN,
    HEAD,
    OTHER_AGENCY,
    OTHER_ORGANISER,
    OTHER_PARTICIPANT,
)
PERSONAS = (*LOGGED_IN, ANONYMOUS)

# What a response must be. Integers are exact status codes.
LOGIN = "login"  # 302 to the login page, with ?next=
REDIRECT = "redirect"  # 302 anywhere but the login page (the page's own contract)
ALLOWED = "allowed"  # POST: not 403/404/405, not the login page, not a server error
Expected = int | str
# What counts as "let in" for the rule "each pattern lets at least one persona in".
LET_IN = {200, 201, 204, REDIRECT, ALLOWED}

# Known gaps being fixed in parallel: the cell is written as the rule says and reported as an
# expected failure until the code agrees (then the test asks to remove the marker).
FINDING_8 = "finding 8"

Kwargs = Callable[[Any], dict[str, Any]]


def _none(objects: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    """One URL pattern: its arguments (from the real objects) and the expected statuses."""

    get: Mapping[str, Expected]
    post: Mapping[str, Expected] | None = None
    kwargs: Kwargs = _none
    query: Callable[[Any], str] = lambda o: ""
    body: Kwargs = _none  # the harmless POST body
    known_gap: Mapping[str, str] = field(default_factory=dict)  # persona -> finding
    bearer: bool = False  # api: send the persona's API token (if any) instead of the session


def only(
    *allowed: str, ok: Expected = 200, others: Expected = 404, anonymous: Expected = LOGIN
) -> dict[str, Expected]:
    """``allowed`` get ``ok``; every other logged-in persona ``others``; logged out: login."""
    table: dict[str, Expected] = {p: ok if p in allowed else others for p in LOGGED_IN}
    table[ANONYMOUS] = anonymous
    return table


def everyone(expected: Expected, *, anonymous: Expected | None = None) -> dict[str, Expected]:
    table: dict[str, Expected] = dict.fromkeys(LOGGED_IN, expected)
    table[ANONYMOUS] = expected if anonymous is None else anonymous
    return table


def form_only(*allowed: str, kwargs: Kwargs = _none, body: Kwargs = _none) -> Entry:
    """A ``@login_required @require_POST`` endpoint."""
    return Entry(
        get=everyone(405, anonymous=LOGIN),
        post=only(*allowed, ok=ALLOWED),
        kwargs=kwargs,
        body=body,
    )


def api(
    *,
    both: Expected | None = None,
    agency: Expected | None = None,
    organiser: Expected | None = None,
    kwargs: Kwargs = _none,
    post: tuple[Expected, Expected] | None = None,
) -> Entry:
    """A REST API operation (``bearer``): the agency admin's and the organiser's tokens get
    ``agency`` and ``organiser`` (or ``both``); everyone else has no token: 401."""

    def table(for_agency: Expected, for_organiser: Expected) -> dict[str, Expected]:
        cells = everyone(401)
        cells[AGENCY_ADMIN], cells[ORGANISER] = for_agency, for_organiser
        return cells

    get = table(both or agency or 401, both or organiser or 401)
    return Entry(get=get, post=table(*post) if post else None, kwargs=kwargs, bearer=True)


# Who may do what (the access modules' rules, named once).
ORGANISERS = (ADMIN, ORGANISER)  # manage the batch: platform admin, its institute's organisers
RUN_SESSIONS = (*ORGANISERS, FACILITATOR)  # training.session_views._runs_sessions
BATCH_STAFF = (*ORGANISERS, FACILITATOR, COACH)  # training.access.batches_visible_to
BATCH_MEMBERS = (*BATCH_STAFF, PARTICIPANT, PEER)  # session_views._get_batch_for_member
AUTHORS = (ADMIN, ORGANISER, OTHER_ORGANISER)  # instruments.library_views._require_author
INSTITUTE_RUNNERS = (ADMIN, ORGANISER, OTHER_ORGANISER)  # programme pages: any institute's
MANAGE_AGENCY = (ADMIN, AGENCY_ADMIN)  # accounts.access.can_manage_agency
SEE_AGENCY = (ADMIN, AGENCY_ADMIN, CULTURE_ADMIN, HEAD)  # accounts.access.agencies_visible_to
LIST_PEOPLE = (ADMIN, AGENCY_ADMIN, HEAD)  # accounts.access.can_list_people
# The participant's person page: the platform admin, her agency's admin, the head of her unit's
# subtree, herself, the organisers of the institute she is enrolled at and the staff of her
# batch (training's people_scope). Not a peer, not her mentor (no rule lets mentors see
# people), not the culture admin (culture work is anonymous).
SEE_PERSON = (ADMIN, AGENCY_ADMIN, HEAD, PARTICIPANT, ORGANISER, FACILITATOR, COACH)
RUN_WAVES = (ADMIN, AGENCY_ADMIN, CULTURE_ADMIN)  # culture.access.agencies_run_by
READ_WAVES = (*RUN_WAVES, HEAD)  # culture.access.waves_visible_to


def _agency(o: Any) -> dict[str, Any]:
    return {"code": o.agency_a.code}


def _person(o: Any) -> dict[str, Any]:
    return {"pk": o.participant.pk}


def _programme(o: Any) -> dict[str, Any]:
    return {"code": o.programme.code}


def _batch(o: Any) -> dict[str, Any]:
    return {"code": o.batch.code}


def _session(o: Any) -> dict[str, Any]:
    return {"code": o.batch.code, "pk": o.session.pk}


def _instrument(o: Any) -> dict[str, Any]:
    return {"code": o.instrument.code}


def _wave(o: Any) -> dict[str, Any]:
    return {"pk": o.wave.pk}


def _closed_wave(o: Any) -> dict[str, Any]:
    return {"pk": o.closed_wave.pk}


# --- projects ---
SEE_PROJECT = (ADMIN, ORGANISER, FACILITATOR, COACH, MENTOR, PARTICIPANT, HEAD)


def _project(o: Any) -> dict[str, Any]:
    return {"pk": o.project.pk}


def _project_milestone(o: Any) -> dict[str, Any]:
    return {"pk": o.project_milestone.pk}


# --- service ---
MANAGE_SERVICE = (ADMIN, AGENCY_ADMIN, HEAD, PARTICIPANT)  # service.access.can_manage
APPROVE_SERVICE = (ADMIN, HEAD)  # service.access.can_approve


def _service(o: Any) -> dict[str, Any]:
    return {"slug": o.service_unit.slug}


def _skm_period(o: Any) -> dict[str, Any]:
    return {"slug": o.service_unit.slug, "pk": o.skm_period.pk}


# --- end service ---


MATRIX: dict[str, Entry] = {
    # Everyone's pages.
    "home": Entry(get=everyone(200, anonymous=LOGIN)),
    "health": Entry(get=everyone(200)),
    # Signed in already: on to the home page (redirect_authenticated_user).
    "login": Entry(get=everyone(REDIRECT, anonymous=200)),
    # Logging out takes a POST (Django 5); it ends on the login page, without ?next=.
    "logout": Entry(get=everyone(405), post=everyone(REDIRECT)),
    # The invitation link is the credential: anyone holding a valid one goes on to set the
    # password (Django stores the token in the session and redirects). The person invited is
    # one who is no persona (logging in would spend the link).
    "password_reset_confirm": Entry(
        get=everyone(REDIRECT),
        kwargs=lambda o: {"uidb64": o.invitation_uid, "token": o.invitation_token},
    ),
    "password_change": Entry(get=everyone(200, anonymous=LOGIN)),
    "profile": Entry(get=everyone(200, anonymous=LOGIN)),
    # A person's own things: every logged-in person has them (their data, corrections, the
    # two-step login); the code step lets a session without a pending code straight through.
    "own_data": form_only(*LOGGED_IN),
    "correction_request": Entry(get=everyone(200, anonymous=LOGIN)),
    "otp_verify": Entry(get=everyone(REDIRECT, anonymous=LOGIN)),
    "otp_enrol": Entry(get=everyone(200, anonymous=LOGIN)),
    "otp_backup_codes": form_only(*LOGGED_IN),
    "otp_remove": form_only(*LOGGED_IN),
    # Correction requests are answered by platform admins and the person's agency's admins.
    "correction_list": Entry(get=only(ADMIN, AGENCY_ADMIN)),
    "correction_handle": form_only(ADMIN, AGENCY_ADMIN, kwargs=lambda o: {"pk": o.correction.pk}),
    "set_language": Entry(
        get=everyone(REDIRECT),
        post=everyone(REDIRECT),
        body=lambda o: {"language": "id", "next": "/"},
    ),
    "job_detail": Entry(get=only(ORGANISER), kwargs=lambda o: {"pk": o.import_job.pk}),
    # Agencies, units, people (accounts.access).
    "agency_list": Entry(get=everyone(200, anonymous=LOGIN)),  # a list of what each may see
    "agency_create": Entry(get=only(ADMIN)),
    "agency_import": Entry(get=only(ADMIN)),
    "agency_detail": Entry(get=only(*SEE_AGENCY), kwargs=_agency),
    "agency_edit": Entry(get=only(*MANAGE_AGENCY), kwargs=_agency),
    "unit_create": Entry(get=only(*MANAGE_AGENCY), kwargs=_agency),
    "unit_rename": Entry(
        get=only(*MANAGE_AGENCY), kwargs=lambda o: {"code": o.agency_a.code, "pk": o.seksi.pk}
    ),
    "people_list": Entry(get=only(*LIST_PEOPLE), kwargs=_agency),
    "person_create": Entry(get=only(*MANAGE_AGENCY), kwargs=_agency),
    "person_detail": Entry(get=only(*SEE_PERSON), kwargs=_person),
    "person_edit": Entry(get=only(*MANAGE_AGENCY), kwargs=_person),
    "person_invite": form_only(*MANAGE_AGENCY, kwargs=_person),
    # Programmes: organisers of any institute see their own list; a programme is its
    # institute's.
    "programme_list": Entry(get=only(*INSTITUTE_RUNNERS)),
    "programme_create": Entry(get=only(*INSTITUTE_RUNNERS)),
    "programme_detail": Entry(get=only(*ORGANISERS), kwargs=_programme),
    "agenda_add": form_only(*ORGANISERS, kwargs=_programme),
    "subject_add": form_only(*ORGANISERS, kwargs=_programme),
    "phase_add": form_only(*ORGANISERS, kwargs=_programme),
    "scheme_edit": Entry(get=only(*ORGANISERS), kwargs=_programme),
    "programme_copy": Entry(get=only(*ORGANISERS), kwargs=_programme),
    "batch_create": Entry(get=only(*ORGANISERS), kwargs=_programme),
    # A batch: its staff read it, its organisers manage it.
    "batch_detail": Entry(get=only(*BATCH_STAFF), kwargs=_batch),
    "batch_edit": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "batch_staff": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "staff_add": form_only(*ORGANISERS, kwargs=_batch),
    "assignment_add": form_only(*ORGANISERS, kwargs=_batch),
    "group_add": form_only(*ORGANISERS, kwargs=_batch),
    "mentor_set": form_only(*ORGANISERS, kwargs=_batch),
    "group_member_move": form_only(*ORGANISERS, kwargs=_batch),
    "group_member_remove": form_only(
        *ORGANISERS,
        kwargs=lambda o: {"code": o.batch.code, "pk": o.group.pk},
        body=lambda o: {"participant": o.peer_enrolment.pk},  # not in the group: no change
    ),
    # Sessions: the timetable is the batch's members'; its facilitators and organisers run
    # sessions; its organisers schedule, edit and delete them; participants check in.
    "timetable": Entry(get=only(*BATCH_MEMBERS), kwargs=_batch),
    "timetable_ics": Entry(get=only(*BATCH_MEMBERS), kwargs=_batch),
    "session_create": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "session_detail": Entry(get=only(*RUN_SESSIONS), kwargs=_session),
    "session_edit": Entry(get=only(*ORGANISERS), kwargs=_session),
    "session_delete": Entry(get=only(*ORGANISERS), kwargs=_session),
    "checkin_open": form_only(*RUN_SESSIONS, kwargs=_session, body=lambda o: {"close": "1"}),
    "checkin": form_only(PARTICIPANT, PEER, kwargs=_session),
    "attendance_correct": form_only(*RUN_SESSIONS, kwargs=_session),
    "attendance_roll_call": form_only(*RUN_SESSIONS, kwargs=_session),
    # Enrolment: the batch's organisers.
    "enrol": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "participant_add": form_only(*ORGANISERS, kwargs=_batch),
    "enrol_job": Entry(
        get=only(ORGANISER), kwargs=lambda o: {"code": o.batch.code, "pk": o.enrol_job.pk}
    ),
    "enrol_template": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "enrolment_export": Entry(get=only(*ORGANISERS), kwargs=_batch),
    # A batch's questionnaires: its staff read them; only its organisers open one (POST).
    "batch_questionnaires": Entry(
        get=only(*BATCH_STAFF), post=only(*ORGANISERS, ok=ALLOWED), kwargs=_batch
    ),
    "batch_questionnaire_remind": form_only(
        *ORGANISERS, kwargs=lambda o: {"code": o.batch.code, "pk": o.post_administration.pk}
    ),
    "batch_change": Entry(
        get=only(*BATCH_STAFF), kwargs=_batch, query=lambda o: f"post={o.post_administration.pk}"
    ),
    # A questionnaire's responses as a data set: those who manage the batch start it; the file
    # is its starter's alone.
    "batch_questionnaire_responses": form_only(
        *ORGANISERS,
        kwargs=lambda o: {"code": o.batch.code, "pk": o.post_administration.pk},
        body=lambda o: {"format": "csv"},
    ),
    "responses_export": Entry(get=only(ORGANISER), kwargs=lambda o: {"pk": o.responses_job.pk}),
    # The instrument library: authors (platform admins, organisers). An institute's own
    # (not built-in) instrument is that institute's: another institute's organiser gets 404.
    "instrument_list": Entry(get=only(*AUTHORS)),
    "instrument_import": Entry(get=only(*AUTHORS)),
    "instrument_detail": Entry(get=only(*ORGANISERS), kwargs=_instrument),
    "instrument_export": Entry(
        get=only(*ORGANISERS),
        kwargs=lambda o: {"code": o.instrument.code, "number": 1},
    ),
    "instrument_export_lss": Entry(
        get=only(*ORGANISERS),
        kwargs=lambda o: {"code": o.instrument.code, "number": 1},
    ),
    # Responses imported from LimeSurvey or Google Forms: whoever may see the instrument
    # uploads; the mapping step is the uploader's job alone; an imported set is exported by its
    # importer (and the platform admin).
    "responses_import": Entry(get=only(*ORGANISERS), kwargs=lambda o: {"code": o.instrument.code}),
    "responses_map": Entry(
        get=only(ORGANISER), kwargs=lambda o: {"code": o.instrument.code, "pk": o.map_job.pk}
    ),
    "imported_responses_export": form_only(
        *ORGANISERS,
        kwargs=lambda o: {"code": o.instrument.code, "pk": o.imported.pk},
        body=lambda o: {"format": "csv"},
    ),
    # Answering: by token (whoever holds it), by invitation (only the invited), by open link.
    "intake": Entry(
        get=everyone(405),
        post=everyone(201),
        kwargs=lambda o: {"token": o.answer_token},
        body=lambda o: o.full_sheet,
    ),
    "answer": Entry(get=only(PARTICIPANT, PEER), kwargs=lambda o: {"pk": o.post_administration.pk}),
    "answer_token": Entry(get=everyone(200), kwargs=lambda o: {"token": o.answer_token}),
    "open_link": Entry(get=everyone(REDIRECT), kwargs=lambda o: {"key": o.open_key}),
    # Culture waves: agency and culture admins run their agency's; heads of unit read theirs.
    "wave_list": Entry(get=only(*READ_WAVES)),
    "wave_create": Entry(get=only(*RUN_WAVES), kwargs=_agency),
    "wave_detail": Entry(get=only(*READ_WAVES), kwargs=_wave),
    "wave_tokens": form_only(*RUN_WAVES, kwargs=_wave),
    "wave_close": form_only(*RUN_WAVES, kwargs=_wave),  # without the ticked box: no close
    "wave_closing": Entry(get=only(*READ_WAVES), kwargs=_wave),
    # Handing out is for those who run the wave; heads of unit read results only.
    "wave_headcounts": Entry(get=only(*RUN_WAVES), kwargs=_wave),
    "wave_poster": Entry(get=only(*RUN_WAVES), kwargs=_wave),
    "wave_extend": form_only(*RUN_WAVES, kwargs=_wave),
    "wave_remind": form_only(*RUN_WAVES, kwargs=_wave),
    "wave_reminder": Entry(get=only(*RUN_WAVES), kwargs=_wave),
    "wave_report": Entry(get=only(*READ_WAVES), kwargs=_closed_wave),
    "wave_pdf": form_only(*READ_WAVES, kwargs=_closed_wave),
    "wave_export": Entry(get=only(CULTURE_ADMIN), kwargs=lambda o: {"pk": o.pdf_job.pk}),
    # A closed wave's anonymous answers span the agency's tree: those who run it, never a head.
    "wave_responses": form_only(*RUN_WAVES, kwargs=_closed_wave, body=lambda o: {"format": "csv"}),
    "wave_link": Entry(get=everyone(200), kwargs=lambda o: {"key": o.wave_key}),
    # --- learning ---
    # Materials: managed by the programme's organisers and the facilitators of its batches;
    # seen by the members of a batch whose session they are attached to (not its mentors).
    # Journal entries: read by the writer (Ani), the batch's facilitators and the coach of
    # her group, nobody else (organisers and admins see counts on the batch view); only
    # facilitators post prompts and answer entries.
    "programme_materials": Entry(get=only(*ORGANISERS, FACILITATOR), kwargs=_programme),
    "material_edit": Entry(
        get=only(*ORGANISERS, FACILITATOR), kwargs=lambda o: {"pk": o.material.pk}
    ),
    "material_file": Entry(get=only(*BATCH_MEMBERS), kwargs=lambda o: {"pk": o.material.pk}),
    "batch_materials": Entry(get=only(*BATCH_MEMBERS), kwargs=_batch),
    "prompt_create": Entry(get=only(FACILITATOR), kwargs=_session),
    "journal": Entry(get=everyone(200, anonymous=LOGIN)),  # one's own journal, maybe empty
    "entry_write": Entry(get=only(PARTICIPANT, PEER), kwargs=lambda o: {"pk": o.prompt.pk}),
    "entry_detail": Entry(
        get=only(PARTICIPANT, FACILITATOR, COACH), kwargs=lambda o: {"pk": o.entry.pk}
    ),
    "entry_feedback": form_only(FACILITATOR, kwargs=lambda o: {"pk": o.entry.pk}),
    "batch_journal": Entry(get=only(*ORGANISERS, FACILITATOR), kwargs=_batch),
    "batch_unanswered": Entry(get=only(FACILITATOR), kwargs=_batch),
    "commitments": Entry(get=only(PARTICIPANT, PEER), kwargs=_batch),
    # --- grading ---
    # The board, its steps, rules, objections, corrections, reports and reaction results: the
    # batch's organisers (grading.access.get_managed_batch). Scoring: only the raters a rubric
    # invites (the facilitator scores attitude; the platform admin scores nobody). A
    # participant's result and objection form: their own, in their own batch.
    "grading_board": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "grading_step": form_only(*ORGANISERS, kwargs=_batch, body=lambda o: {"step": "compute"}),
    "grading_settings": Entry(get=only(*ORGANISERS), kwargs=_batch),
    # A rater without an account scores from a signed link: the token is the credential.
    "grading_link": Entry(get=everyone(200), kwargs=lambda o: {"token": o.grading_link_token}),
    "grading_link_rate": Entry(
        get=everyone(200),
        kwargs=lambda o: {"token": o.grading_link_token, "person": o.participant.pk},
    ),
    "grading_rate_list": Entry(get=only(FACILITATOR), kwargs=_batch),
    "grading_rate": Entry(
        get=only(FACILITATOR),
        kwargs=lambda o: {
            "code": o.batch.code,
            "rubric": o.attitude_rubric.pk,
            "person": o.participant.pk,
        },
    ),
    "grading_mine": Entry(get=only(PARTICIPANT, PEER), kwargs=_batch),
    "grading_objection": Entry(get=only(PARTICIPANT, PEER), kwargs=_batch),
    "grading_objections": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "grading_objection_answer": form_only(
        *ORGANISERS, kwargs=lambda o: {"code": o.batch.code, "pk": o.objection.pk}
    ),
    "grading_correct": Entry(
        get=only(*ORGANISERS), kwargs=lambda o: {"code": o.batch.code, "pk": o.grade.pk}
    ),
    "grading_report_pdf": form_only(*ORGANISERS, kwargs=_batch),
    "grading_report": Entry(
        get=only(*ORGANISERS), kwargs=lambda o: {"code": o.batch.code, "kind": "xlsx"}
    ),
    "grading_reactions": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "grading_export": Entry(get=only(ORGANISER), kwargs=lambda o: {"pk": o.grading_job.pk}),
    # --- certificates ---
    # Those who manage the batch (training.access, manage=True) see and manage its
    # certificates; the lookup by number is for anyone who organises for an institute (it
    # finds only their own); the .zip job is its starter's; the verification page is public.
    "batch_certificates": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "batch_certificates_zip": form_only(*ORGANISERS, kwargs=_batch),
    "certificate_lookup": Entry(get=only(*INSTITUTE_RUNNERS)),
    "certificate_zip": Entry(
        get=only(ORGANISER), kwargs=lambda o: {"pk": o.certificate_zip_job.pk}
    ),
    "certificate_detail": Entry(get=only(*ORGANISERS), kwargs=lambda o: {"pk": o.certificate.pk}),
    "certificate_pdf": Entry(get=only(*ORGANISERS), kwargs=lambda o: {"pk": o.certificate.pk}),
    "certificate_upload": form_only(*ORGANISERS, kwargs=lambda o: {"pk": o.certificate.pk}),
    "certificate_revoke": form_only(*ORGANISERS, kwargs=lambda o: {"pk": o.certificate.pk}),
    # A participant's own certificate: theirs alone (the certificate is the peer's).
    "certificate_own_pdf": Entry(get=only(PEER), kwargs=lambda o: {"pk": o.certificate.pk}),
    "certificate_verify": Entry(get=everyone(200), kwargs=lambda o: {"token": o.certificate.token}),
    # --- projects ---
    # projects.access.plans_visible_to: the owner (Ani), her current mentor, her group's coach,
    # the batch's facilitators, the institute's organisers, the platform admin and the head of
    # the unit subtree her project is in. Writing is the owner's; deciding the mentor's;
    # handing over the organisers'. The mentor's e-mail links are the credential: anyone
    # holding one opens it (its own plan or milestone only).
    "project_list": Entry(get=everyone(200, anonymous=LOGIN)),
    "project_create": Entry(get=only(PEER), kwargs=lambda o: {"pk": o.peer_enrolment.pk}),
    "project_detail": Entry(get=only(*SEE_PROJECT), kwargs=_project),
    "project_edit": Entry(get=only(PARTICIPANT), kwargs=_project),
    "project_submit": form_only(PARTICIPANT, kwargs=_project),
    "project_review": form_only(MENTOR, kwargs=_project),
    "project_milestone_add": form_only(PARTICIPANT, kwargs=_project),
    "project_team_add": form_only(PARTICIPANT, kwargs=_project),
    "project_file_add": form_only(PARTICIPANT, kwargs=_project),
    "project_comment": form_only(ADMIN, ORGANISER, COACH, MENTOR, kwargs=_project),
    "project_transfer": Entry(get=only(*ORGANISERS), kwargs=_project),
    "project_stop": form_only(PARTICIPANT, *ORGANISERS, kwargs=_project),
    "project_milestone_remove": form_only(PARTICIPANT, kwargs=_project_milestone),
    "project_report": form_only(PARTICIPANT, kwargs=_project_milestone),
    "project_milestone_review": form_only(MENTOR, kwargs=_project_milestone),
    "project_team_remove": form_only(PARTICIPANT, kwargs=lambda o: {"pk": o.project_member.pk}),
    "project_file": Entry(get=only(*SEE_PROJECT), kwargs=lambda o: {"pk": o.project_file.pk}),
    "project_plan_link": Entry(get=everyone(200), kwargs=lambda o: {"token": o.project_plan_token}),
    "project_milestone_link": Entry(
        get=everyone(200), kwargs=lambda o: {"token": o.project_milestone_token}
    ),
    "project_link_file": Entry(
        get=everyone(200),
        kwargs=lambda o: {"token": o.project_plan_token, "pk": o.project_file.pk},
    ),
    # --- service ---
    # The public side needs no account (service.access): the page, a published version, the
    # SKM answer page, the kiosk page (pairing form when unpaired), complaint tracking; the
    # pairing and complaint endpoints take POST only (rolled back, so every persona's POST
    # pairs with the same code, and sends the same complaint).
    "service_page": Entry(get=everyone(200), kwargs=_service),
    "service_standard_version": Entry(
        get=everyone(200), kwargs=lambda o: {"slug": o.service_unit.slug, "number": 1}
    ),
    "service_skm": Entry(get=everyone(200), kwargs=_service),
    "service_kiosk": Entry(get=everyone(200), kwargs=_service),
    "service_kiosk_pair": Entry(
        get=everyone(405),
        post=everyone(REDIRECT),
        kwargs=_service,
        body=lambda o: {"code": o.kiosk_code},
    ),
    "service_complain": Entry(
        get=everyone(405),
        post=everyone(REDIRECT),
        kwargs=_service,
        body=lambda o: {"kind": "suggestion", "text": "Tambah kursi", "key": "matrix-key"},
    ),
    "service_track": Entry(get=everyone(200)),
    # Managing: the platform admin, the agency's admins, the heads over the unit and its staff
    # (Ani works in Seksi Rujukan, below Dinas Kesehatan); approving: heads and the platform
    # admin. The list also lets in whoever may make service units (admins, agency admins, heads).
    "service_list": Entry(get=only(*MANAGE_SERVICE)),
    "service_manage": Entry(get=only(*MANAGE_SERVICE), kwargs=_service),
    "service_poster": Entry(get=only(*MANAGE_SERVICE), kwargs=_service),
    "service_standard": Entry(get=only(*MANAGE_SERVICE), kwargs=_service),
    "service_standard_approve": form_only(*APPROVE_SERVICE, kwargs=_service),
    "service_period_open": form_only(*MANAGE_SERVICE, kwargs=_service),
    "service_period": Entry(get=only(*MANAGE_SERVICE), kwargs=_skm_period),
    "service_period_close": form_only(*MANAGE_SERVICE, kwargs=_skm_period),
    "service_period_export": Entry(
        get=only(*MANAGE_SERVICE), kwargs=lambda o: {**_skm_period(o), "fmt": "xlsx"}
    ),
    "service_kiosks": Entry(get=only(*MANAGE_SERVICE), kwargs=_service),
    "service_complaints": Entry(get=only(*MANAGE_SERVICE), kwargs=_service),
    "service_complaint": Entry(
        get=only(*MANAGE_SERVICE),
        kwargs=lambda o: {"slug": o.service_unit.slug, "pk": o.complaint.pk},
    ),
    # /s/<key>/ of an SKM period goes on to the unit's answer page (one answer per browser).
    "service_skm_key": Entry(
        get=everyone(REDIRECT), kwargs=lambda o: {"key": o.skm_period.administration.public_key}
    ),
    # --- end service ---
    # --- impact --- (the institute's organisers and the platform admin; group figures only)
    # One institute: straight to its dashboard; the platform admin chooses among them.
    "impact_index": Entry(get={**only(ORGANISER, OTHER_ORGANISER, ok=REDIRECT), ADMIN: 200}),
    "impact_batch": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "impact_programme": Entry(get=only(*ORGANISERS), kwargs=_programme),
    "impact_institute": Entry(
        get=only(*ORGANISERS), kwargs=lambda o: {"code": o.programme.institute.code}
    ),
    "impact_xlsx": Entry(
        get=only(*ORGANISERS), kwargs=lambda o: {"scope": "batch", "code": o.batch.code}
    ),
    "impact_pdf": form_only(
        *ORGANISERS, kwargs=lambda o: {"scope": "programme", "code": o.programme.code}
    ),
    "impact_export": Entry(get=only(ORGANISER), kwargs=lambda o: {"pk": o.impact_job.pk}),
    # --- end impact ---
    # --- api ---
    # The REST API takes bearer tokens, never the session (``bearer=True``: the test sends the
    # persona's token): agency_admin holds a read-only token of PEMPROV-A, organiser a
    # read-write one of BPSDM-TEST; everyone else, the platform admin too, has none and gets
    # 401. A token sees what its holder's role sees in that one agency (api/tokens.py): another
    # agency's or institute's object is 404, a write with a read-only token 403. The document
    # and its docs are public; the token page is everyone's own; revoking: the token's owner
    # (agency_admin), the admins of its agency and the platform admin, everyone else 404.
    "api_agency_list": api(both=200),
    "api_agency_detail": api(agency=200, organiser=404, kwargs=_agency),
    "api_unit_list": api(agency=200, organiser=404, kwargs=_agency),
    "api_person_list": api(both=200),
    "api_person_detail": api(both=200, kwargs=lambda o: {"id": o.participant.pk}),
    "api_programme_list": api(both=200),
    "api_programme_detail": api(agency=404, organiser=200, kwargs=_programme),
    "api_batch_list": api(both=200),
    "api_batch_detail": api(agency=404, organiser=200, kwargs=_batch),
    "api_enrolment_list": api(agency=404, organiser=200, kwargs=_batch, post=(403, ALLOWED)),
    "api_enrolment_create": api(agency=404, organiser=200, kwargs=_batch, post=(403, ALLOWED)),
    "api_session_list": api(agency=404, organiser=200, kwargs=_batch),
    "api_attendance_list": api(
        agency=404, organiser=200, kwargs=lambda o: {"code": o.batch.code, "id": o.session.pk}
    ),
    "api_administration_list": api(both=200),
    "api_administration_detail": api(
        agency=404, organiser=200, kwargs=lambda o: {"id": o.post_administration.pk}
    ),
    "api_result_list": api(
        agency=404, organiser=200, kwargs=lambda o: {"id": o.post_administration.pk}
    ),
    "api_wave_list": api(both=200),
    "api_wave_detail": api(agency=200, organiser=404, kwargs=lambda o: {"id": o.wave.pk}),
    "api_wave_report": api(agency=200, organiser=404, kwargs=lambda o: {"id": o.closed_wave.pk}),
    "api_openapi": Entry(get=everyone(200)),
    "api_docs": Entry(get=everyone(200)),
    "api_tokens": Entry(get=everyone(200, anonymous=LOGIN)),
    "api_token_revoke": form_only(ADMIN, AGENCY_ADMIN, kwargs=lambda o: {"pk": o.api_token.pk}),
    # --- end api ---
    # --- followup ---
    # Everyone has a follow-up page (their own rounds and what they have to answer); a round's
    # figures are for its alumnus and the batch's organisers, never the mentor or a peer;
    # only the alumnus chooses peers; a programme's settings are its organisers'.
    "followup_mine": Entry(get=everyone(200, anonymous=LOGIN)),
    "followup_round": Entry(
        get=only(PARTICIPANT, *ORGANISERS), kwargs=lambda o: {"pk": o.followup_round.pk}
    ),
    # A peer's link is the credential (the first browser gets the key, the others a page
    # saying so): no account needed.
    "followup_peer": Entry(get=everyone(200), kwargs=lambda o: {"token": o.followup_peer_token}),
    "followup_peer_add": form_only(PARTICIPANT, kwargs=lambda o: {"pk": o.followup_round.pk}),
    "followup_batch": Entry(get=only(*ORGANISERS), kwargs=_batch),
    "followup_plan": Entry(
        get=only(*ORGANISERS), post=only(*ORGANISERS, ok=ALLOWED), kwargs=_programme
    ),
}

# Patterns the matrix leaves out, each with its reason (the test matches the route's start:
# settings.ADMIN_PATH, STATIC_URL, MEDIA_URL).
ADMIN_REASON = (
    "Django's own admin: is_staff and the permissions of django.contrib.admin, behind "
    "AdminGateMiddleware (ADMIN_NETWORKS) and the login throttle; tested in "
    "core/tests/test_security_headers.py"
)
STATIC_REASON = "static and media files: public by design, served by whitenoise or the web server"
