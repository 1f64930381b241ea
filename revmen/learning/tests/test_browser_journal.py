"""Acceptance: a facilitator posts a prompt, two participants write entries, the facilitator
answers one; a participant of another batch, the organiser and an agency admin cannot open the
text (404); the batch view shows the entries, themes and an early-warning name with its reason.

The batch already holds an earlier, closed prompt with ten entries (the demo's reflections and
their precomputed vectors) and two held sessions, one of whose participants missed both."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from revmen.core.tests import browser
from revmen.front.testing import PASSWORD, Personas, run_queued_tasks
from revmen.learning.analysis import digest
from revmen.learning.demo import load_vectors
from revmen.learning.demo_texts import REFLECTIONS
from revmen.learning.models import Entry, Feedback, Prompt
from revmen.training.models import Attendance, Batch, BatchRole, Enrolment, Session

WIDTH = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def submit(page: Any, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


def session(batch: Batch, title: str, hours_ago: float) -> Session:
    start = timezone.now() - timedelta(hours=hours_ago)
    return Session.objects.create(
        batch=batch, title=title, starts_at=start, ends_at=start + timedelta(hours=2), jp=2
    )


def seed(batch: Batch) -> tuple[Session, Any]:
    """Two held sessions and a closed prompt with ten entries; Dewi missed everything."""
    first, second = session(batch, "Integritas", 50), session(batch, "Etos kerja", 26)
    earlier = Prompt.objects.create(
        session=first, text="Apa yang Anda rasakan?", deadline=timezone.now() - timedelta(hours=2)
    )
    vectors = load_vectors()
    texts = [t for _m, t in REFLECTIONS]
    people = []
    for n in range(11):
        person = Personas.make_person(f"Peserta{n} Uji", None, Personas.agency_a)
        Enrolment.objects.create(batch=batch, person=person, role=BatchRole.PARTICIPANT)
        people.append(person)
    dewi = people[-1]
    dewi.name = "Dewi Absen"
    dewi.save(update_fields=["name"])
    for n, person in enumerate(people[:-1]):
        text = texts[(n * 4) % len(texts)]
        Entry.objects.create(
            prompt=earlier,
            person=person,
            text=text,
            affect_score=0.2,
            affect_label="positif",
            vector=vectors[digest(text)],
            vector_digest=digest(text),
            analysed_at=timezone.now(),
        )
        for held in (first, second):
            Attendance.objects.create(session=held, person=person, status="present")
    return session(batch, "Gotong royong", 1), dewi


def test_a_facilitator_reads_answers_and_sees_the_batch(
    live_server: Any, browser_page: Any, chromium: Any
) -> None:
    cache.clear()
    Personas.make_personas()
    batch = Personas.batch
    now_session, dewi = seed(batch)
    other_batch = Batch.objects.create(
        programme=batch.programme,
        code="PRM-T-II",
        name="Angkatan II",
        start_date=batch.start_date,
        end_date=batch.end_date,
    )
    stranger = Personas.make_person("Peserta Lain", "199203032017012003", Personas.agency_c)
    Enrolment.objects.create(batch=other_batch, person=stranger, role=BatchRole.PARTICIPANT)
    base, page = live_server.url, browser_page

    browser.log_in(page, base, Personas.facilitator.email, PASSWORD)
    page.goto(f"{base}/batches/{batch.code}/journal/")
    page.click("details:has(#sessions) summary")
    submit(page, f"#sessions a[href$='/sessions/{now_session.pk}/prompts/new/']")
    page.fill("textarea[name=text]", "Apa yang akan Anda lakukan berbeda hari Senin?")
    submit(page)
    prompt = Prompt.objects.get(session=now_session)

    texts = {
        Personas.participant: "Saya sangat senang, diskusi kelompok membuat saya bersemangat "
        "bekerja sama dengan bidang lain.",
        Personas.participant2: "Saya lelah dan kecewa karena atasan tidak mendukung perubahan.",
    }
    for person, text in texts.items():
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        phone = context.new_page()
        try:
            browser.log_in(phone, base, person.email, PASSWORD)
            phone.goto(f"{base}/journal/")
            assert phone.locator("[data-notice=readers]").count() == 1
            assert phone.evaluate(WIDTH) <= 390  # the journal fits a phone
            submit(phone, f"[data-prompt='{prompt.pk}'] a[data-write]")
            phone.fill("textarea[name=text]", text)
            submit(phone)
            assert phone.locator("#entry-text").count() == 1
        finally:
            context.close()
    assert Entry.objects.filter(prompt=prompt).count() == 2
    run_queued_tasks()  # the analysis: affect and one embedding per entry
    assert not Entry.objects.filter(prompt=prompt, vector__isnull=True).exists()

    ani = Entry.objects.get(prompt=prompt, person=Personas.participant)
    page.goto(f"{base}/batches/{batch.code}/journal/unanswered/")
    submit(page, f"#unanswered [data-entry='{ani.pk}'] a")
    page.fill("#feedback-form textarea[name=text]", "Bagus, catat langkah pertama Anda.")
    submit(page, "#feedback-form button[type=submit]")
    assert Feedback.objects.filter(entry=ani).count() == 1
    assert page.locator("#feedback [data-feedback]").count() == 1

    for person in (stranger, Personas.organiser, Personas.agency_admin):
        context = chromium.new_context()
        other = context.new_page()
        try:
            browser.log_in(other, base, person.email, PASSWORD)
            response = other.goto(f"{base}/entries/{ani.pk}/")
            assert response.status == 404, person.name
            assert "bersemangat" not in other.content()
        finally:
            context.close()

    page.goto(f"{base}/batches/{batch.code}/journal/")
    assert page.locator(f"#prompts tr[data-prompt='{prompt.pk}'][data-entries='2']").count() == 1
    assert page.locator("#themes [data-theme-size]").count() >= 1
    assert page.locator("#themes a").count() >= 1  # example sentences
    warning = page.locator(f"#early-warning li[data-person='{dewi.pk}']")
    assert "Dewi Absen" in warning.inner_text()
    assert warning.locator("[data-reason=absence]").count() == 1
    assert warning.locator("[data-reason=missing]").count() == 1
    assert page.locator("#affect-trend circle").count() >= 1

    # The facilitator's batch view fits a phone too (390 px), chart and themes included.
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        browser.log_in(phone, base, Personas.facilitator.email, PASSWORD)
        phone.goto(f"{base}/batches/{batch.code}/journal/")
        assert phone.locator("#affect-trend svg").count() == 1
        assert phone.locator("#themes [data-theme-size]").count() >= 1
        assert phone.evaluate(WIDTH) <= 390
        phone.goto(f"{base}/entries/{ani.pk}/")
        assert phone.evaluate(WIDTH) <= 390
    finally:
        context.close()
