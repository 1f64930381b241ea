"""The pure text core keeps its own copy of the value codes (it may not import Django): it must
match the coded list."""

from revmen.core.values import VALUES
from revmen.text.affect import VALUE_CODES
from revmen.text.lexicon import VALUE_STEMS


def test_the_text_cores_value_codes_match_the_coded_list() -> None:
    assert tuple(v.code for v in VALUES) == VALUE_CODES
    assert set(VALUE_STEMS) == set(VALUE_CODES)
