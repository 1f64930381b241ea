"""Shared machinery: one model for every piece of background work and its progress."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A job that has shown no progress for this long was cut off (a worker killed midway).
STALLED_MINUTES = 30


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

    class Meta:
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
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
