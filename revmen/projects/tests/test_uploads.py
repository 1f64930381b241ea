"""Uploads: checked by their bytes and size before anything is kept, served with their checked
type and never as HTML (the plan page, the project page and the mentor's link alike)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from revmen.projects import files, links, services
from revmen.projects.models import Attachment

from .helpers import PDF_BYTES, ProjectCase, png_bytes


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, files.PDF),
        (png_bytes(), "image/png"),
        (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (docx_bytes(), files.DOCX),
        (b"<!doctype html><script>alert(1)</script>", None),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', None),
        (b"PK\x03\x04 not really a zip", None),
        (b"MZ\x90\x00", None),  # a Windows program named foto.jpg
    ],
)
def test_it_reads_the_type_from_the_bytes(content: bytes, expected: str | None) -> None:
    assert files.sniff(content) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('a"; filename="evil.html', "a filenameevil.html"),
        ("..\\..\\windows\\foto.png", "foto.png"),
        ("\r\nSet-Cookie: x", "Set-Cookie x"),
        ("", "file"),
    ],
)
def test_it_keeps_a_filename_safe_for_a_header(name: str, expected: str) -> None:
    assert files.safe_filename(name) == expected


PNG = png_bytes()


class UploadTests(ProjectCase):
    @override_settings(PROJECTS_UPLOAD_MAX_MB=1)
    def test_it_refuses_a_file_over_the_size_limit_with_a_reason(self) -> None:
        plan = self.make_plan()
        big = PDF_BYTES + b"0" * (1024 * 1024)
        with pytest.raises(ValidationError, match="1 MB"):
            services.attachment_add(
                plan=plan, actor=self.participant, kind="document", filename="b.pdf", content=big
            )
        self.login(self.participant)
        response = self.client.post(
            reverse("project_file_add", args=[plan.pk]),
            {"kind": "document", "file": SimpleUploadedFile("b.pdf", big)},
            follow=True,
        )
        assert response.status_code == 200 and not Attachment.objects.filter(plan=plan).exists()
        assert any("1 MB" in str(m) for m in response.context["messages"])

    def test_it_refuses_an_empty_or_html_file_on_the_project_page(self) -> None:
        plan = self.make_plan()
        self.login(self.participant)
        url = reverse("project_file_add", args=[plan.pk])
        for content in [b"", b"<html><body>hi</body></html>"]:
            upload = SimpleUploadedFile("laporan.pdf", content, "application/pdf")
            assert self.client.post(url, {"kind": "document", "file": upload}).status_code == 302
        assert not Attachment.objects.filter(plan=plan).exists()

    def test_it_serves_office_files_as_downloads_and_images_inline_never_html(self) -> None:
        plan = self.make_plan(submit=True)
        doc = services.attachment_add(
            plan=plan,
            actor=self.participant,
            kind="document",
            filename="rancangan.html",  # the name says HTML; the bytes say .docx
            content=docx_bytes(),
        )
        photo = services.attachment_add(
            plan=plan, actor=self.participant, kind="baseline", filename="a.png", content=PNG
        )
        self.login(self.mentor)
        token = links.plan_token(plan)
        for url in [
            reverse("project_file", args=[doc.pk]),
            reverse("project_link_file", args=[token, doc.pk]),
        ]:
            response = self.client.get(url)
            assert response["Content-Type"] == files.DOCX
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "sandbox" in response["Content-Security-Policy"]
        response = self.client.get(reverse("project_file", args=[photo.pk]))
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("inline")
