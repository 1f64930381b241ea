"""Benchmark of the projects app, run by ``python -m revmen.bench`` once its database is set up.

Reminders: ``projects_due`` over 500 approved projects of 3 milestones each (one due today each),
first run (sends 500) and a second run the same day (sends nothing), against a bare query that
reads the same milestones. Target: the second run sends nothing and takes at most 3x the bare
read (it reads milestones, reports and the keys, and writes nothing).
"""

from __future__ import annotations

import time
from datetime import date, timedelta

RUN = "BENCH-PRJ"


def bench_reminders(n: int = 500) -> None:
    from django.db import transaction
    from django.utils import timezone

    from revmen.accounts.models import AgencyKind, Person
    from revmen.accounts.services import agency_create
    from revmen.projects.models import Milestone, Plan, PlanState, Reminder
    from revmen.projects.reminders import projects_due
    from revmen.training.models import Batch, BatchRole, Enrolment, Programme

    today = timezone.localdate()
    with transaction.atomic():
        institute = agency_create(code=f"{RUN}-I", name="Bench", kind=AgencyKind.INSTITUTE)
        programme = Programme.objects.create(institute=institute, code=f"{RUN}-P", name="Bench")
        batch = Batch.objects.create(
            programme=programme,
            code=f"{RUN}-B",
            name="Bench",
            start_date=date(2026, 1, 5),
            end_date=date(2026, 3, 5),
        )
        mentor = Person.objects.create(username=f"{RUN}-m", name="Mentor", email="m@x.go.id")
        people = Person.objects.bulk_create(
            Person(username=f"{RUN}-{i}", name=f"Alumnus {i}", email=f"a{i}@x.go.id")
            for i in range(n)
        )
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(batch=batch, person=p, role=BatchRole.PARTICIPANT, mentor=mentor)
            for p in people
        )
        plans = Plan.objects.bulk_create(
            Plan(
                enrolment=e,
                owner=e.person,
                mentor=mentor,
                title="Bench",
                problem="p",
                baseline="b",
                goal="g",
                state=PlanState.APPROVED,
                version=1,
                approved_version=1,
            )
            for e in enrolments
        )
        Milestone.objects.bulk_create(
            Milestone(
                plan=plan,
                term=term,
                title="m",
                indicator="i",
                target_date=today + timedelta(days=offset),
            )
            for plan in plans
            for term, offset in (("short", 7), ("medium", 60), ("long", 200))
        )
    start = time.perf_counter()
    list(Milestone.objects.filter(plan__in=plans).select_related("plan__owner", "plan__mentor"))
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    first = len(projects_due(today))
    first_time = time.perf_counter() - start
    start = time.perf_counter()
    second = len(projects_due(today))
    second_time = time.perf_counter() - start
    keys = Reminder.objects.filter(milestone__plan__in=plans).count()
    print(
        f"projects reminders, {n} projects: first run {first} sent in {first_time:.2f} s, "
        f"second run {second} sent in {second_time:.2f} s "
        f"(target: 0 sent, <= 3x the bare read; keys {keys}); "
        f"baseline bare read {baseline:.3f} s; ratio {second_time / max(baseline, 1e-6):.1f}x"
    )
