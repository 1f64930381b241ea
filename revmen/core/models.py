"""Shared machinery: one model for every piece of background work and its progress."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

# A job that has shown no progress for this long was cut off (a worker killed midway).
STALLED_MINUTES = 30


def current_language() -> str:
    """The language of the thread creating a row (the request's, else the site's)."""
    return translation.get_language() or settings.LANGUAGE_CODE


def current_time_zone() -> str:
    return timezone.get_current_timezone_name()


class Job(models.Model):
    """Background work (an import, an export, closing a wave, …) with its progress.

    ``kind`` names the registered runner (``core.jobs``); ``target`` names what the job is about
    (``culture.wave:12``) so a page can find the latest job for its object; ``params`` are the
    runner's arguments, ``result`` what it reports (row errors, counts, notes), ``file`` what it
    made (an export). ``done``/``total`` count the current ``step``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=48)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
    )
    target = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=32, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    filename = models.CharField(max_length=255, blank=True)
    content = models.BinaryField(default=bytes, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    file = models.BinaryField(null=True, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The language and zone of whoever started it: the worker runs it in them, so an English
    # user's export is in English and a WITA user's dates are WITA.
    language = models.CharField(max_length=16, default=current_language, editable=False)
    time_zone = models.CharField(max_length=40, default=current_time_zone, editable=False)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target", "-created_at"], name="job_target_latest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename or self.target} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_stalled(self) -> bool:
        """Unfinished and silent for ``STALLED_MINUTES``: it will not finish by itself."""
        return not self.is_finished and timezone.now() - self.updated_at > timedelta(
            minutes=STALLED_MINUTES
        )

    @property
    def has_failed(self) -> bool:
        """Failed, or stopped without a word; either way it may be started again."""
        return self.status == self.Status.FAILED or self.is_stalled

    @property
    def errors(self) -> list[str]:
        """Row problems an import reported (``result["errors"]``)."""
        return list(self.result.get("errors", []))

    @property
    def shown_errors(self) -> list[str]:
        """The first ``IMPORT_ERRORS_SHOWN`` of them: a page of 200,000 lines helps nobody (the
        whole list is a download, ``core.views.job_detail``)."""
        from django.conf import settings

        return list(self.result.get("errors", [])[: settings.IMPORT_ERRORS_SHOWN])

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class OutboxMessage(models.Model):
    """An e-mail waiting to go out, written in the transaction of the event that causes it.

    ``core.outbox`` sends it from the task worker and retries with backoff; ``attempts`` counts
    the tries so far and ``next_attempt_at`` says when the next may start. The body is plain text
    written by the caller: never answers, never anything about anonymous respondents.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    address = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject} ({self.status})"


class Notice(models.Model):
    """An in-app notice for one person: a line to read and, usually, a page to go to."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    subject = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "read_at"], name="notice_unread")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class PeriodicRun(models.Model):
    """When a periodic job (``core.periodic``) may run next and how its last run went.

    One row per job name; a worker runs a job only after moving ``next_run_at`` forward in one
    conditional UPDATE, so two workers never run it twice in the same period.
    """

    name = models.CharField(max_length=64, unique=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """Who did what to which record, and how it looked before and after (``core.audit``).

    ``actor`` is empty for the system; ``actor_name`` keeps the name should the person be deleted.
    ``object_type`` is the model label (``accounts.person``), ``object_id`` its key as a string.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    actor_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("audit entry")
        ordering = ["-at", "-pk"]
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object"),
            models.Index(fields=["actor", "-at"], name="audit_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"
