from revmen.text.normalize import fold


def test_it_folds_case_accents_and_spaces() -> None:
    assert fold("  Sekretariat   DAERAH ") == "sekretariat daerah"
    assert fold("Café") == "cafe"
