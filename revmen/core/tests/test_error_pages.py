"""A mistyped link or a crash shows the product's own page in Indonesian, DEBUG on or off."""

from __future__ import annotations

from django.http import HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.test import RequestFactory, override_settings

from revmen.core.middleware import ErrorPagesMiddleware
from revmen.front.testing import BaseTestCase


class ErrorPageTests(BaseTestCase):
    def test_a_mistyped_link_gets_the_products_404_in_indonesian_with_debug_on(self) -> None:
        for debug in (True, False):
            with self.subTest(debug=debug), override_settings(DEBUG=debug):
                response = self.client.get("/salah-ketik/")
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, "Halaman tidak ditemukan", status_code=404)
                self.assertNotContains(response, "Using the URLconf", status_code=404)

    def test_an_outsiders_404_is_the_same_page(self) -> None:
        self.login(self.outsider)
        with override_settings(DEBUG=True):
            response = self.client.get(f"/people/{self.participant.pk}/")
        self.assertContains(response, "Halaman tidak ditemukan", status_code=404)

    def test_a_crash_gets_the_products_500_with_debug_on(self) -> None:
        request = RequestFactory().get("/x/")
        request.user = self.outsider
        crash = ErrorPagesMiddleware(lambda r: HttpResponseServerError("<h1>Traceback</h1>"))
        with override_settings(DEBUG=True):
            response = crash(request)
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Terjadi kesalahan", status_code=500)
        self.assertNotContains(response, "Traceback", status_code=500)

    def test_json_errors_are_left_alone(self) -> None:
        request = RequestFactory().get("/api/x/")
        api = ErrorPagesMiddleware(lambda r: JsonResponse({"token": "x"}, status=404))
        with override_settings(DEBUG=True):
            self.assertEqual(api(request).content, b'{"token": "x"}')
        plain = ErrorPagesMiddleware(lambda r: HttpResponseNotFound("x", content_type="text/plain"))
        with override_settings(DEBUG=True):
            self.assertEqual(plain(request).content, b"x")

    def test_the_500_page_renders_without_a_request(self) -> None:
        from django.template import loader

        html = loader.get_template("500.html").render()
        self.assertIn("Terjadi kesalahan", html)
