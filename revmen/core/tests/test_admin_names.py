"""The back office speaks Indonesian: every model of ours it lists has an Indonesian name."""

from __future__ import annotations

from django.contrib import admin
from django.utils import translation

# Domain words the English interface keeps in Indonesian (product.md's glossary).
DOMAIN_WORDS = {"mata pelatihan"}


def test_every_model_of_ours_in_the_admin_has_an_indonesian_name() -> None:
    ours = [m for m in admin.site._registry if m.__module__.startswith("revmen.")]
    assert len(ours) >= 10
    untranslated = []
    for model in ours:
        meta = model._meta
        with translation.override("en"):
            english = (str(meta.verbose_name), str(meta.verbose_name_plural))
        with translation.override("id"):
            indonesian = (str(meta.verbose_name), str(meta.verbose_name_plural))
        same = {a for a, b in zip(indonesian, english, strict=True) if a == b} - DOMAIN_WORDS
        if same:
            untranslated.append(f"{meta.label}: {english}")
    assert untranslated == [], "\n".join(untranslated)
