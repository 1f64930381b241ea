"""``core.views.job_file_page``: the one page shape of every file made in the background."""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse

from revmen.certificates.jobs import ZIP_KIND
from revmen.core.models import Job
from revmen.front.testing import BaseTestCase


class JobFilePageTests(BaseTestCase):
    def job(self, **fields: object) -> Job:
        return Job.objects.create(kind=ZIP_KIND, owner=self.organiser, **fields)

    def test_the_owner_follows_the_progress_then_downloads_the_file(self) -> None:
        job = self.job(status=Job.Status.RUNNING, done=3, total=10)
        url = reverse("certificate_zip", args=[job.pk])
        self.login(self.organiser)
        page = self.client.get(url)
        self.assertContains(page, "<progress")
        self.assertContains(page, "<html")
        partial = self.client.get(url, headers={"HX-Request": "true"})
        self.assertContains(partial, "<progress")
        self.assertNotContains(partial, "<html")
        self.assertNotIn("Content-Disposition", self.client.get(f"{url}?download=1"))
        name = 'Sertifikat "Angkatan" Ā 1.zip'
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE,
            file=b"PK\x03\x04",
            file_name=name,
            content_type="application/zip",
        )
        download = self.client.get(f"{url}?download=1")
        self.assertEqual(download.content, b"PK\x03\x04")
        self.assertEqual(download["Content-Type"], "application/zip")
        disposition = download["Content-Disposition"]
        self.assertIn(f"filename*=UTF-8''{quote(name)}", disposition)
        self.assertIn('filename="Sertifikat _Angkatan_ ? 1.zip"', disposition)

    def test_nobody_else_sees_it_and_no_other_kind_is_reached_through_it(self) -> None:
        job = self.job(status=Job.Status.DONE, file=b"x", file_name="a.zip")
        other = Job.objects.create(kind="impact.pdf", owner=self.organiser, file=b"y")
        self.login(self.head)
        self.assertEqual(
            self.client.get(reverse("certificate_zip", args=[job.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("certificate_zip", args=[job.pk]) + "?download=1").status_code,
            404,
        )
        self.login(self.organiser)
        self.assertEqual(
            self.client.get(reverse("certificate_zip", args=[other.pk])).status_code, 404
        )
