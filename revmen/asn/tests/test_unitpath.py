from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from revmen.asn.unitpath import (
    InvalidPath,
    join_path,
    normalize_path,
    parent_path,
    path_key,
    split_path,
)


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("", []),
        ("   ", []),
        ("Sekretariat", ["Sekretariat"]),
        ("Sekretariat/Biro Umum/Bagian TU", ["Sekretariat", "Biro Umum", "Bagian TU"]),
        ("Bidang Sarana\\/Prasarana/Seksi A", ["Bidang Sarana/Prasarana", "Seksi A"]),
        ("a\\\\b", ["a\\b"]),
        ("  Dinas   Kesehatan / Bidang P2P ", ["Dinas Kesehatan", "Bidang P2P"]),
    ],
)
def test_it_splits_paths_into_names(path: str, names: list[str]) -> None:
    assert split_path(path) == names


@pytest.mark.parametrize(
    "names", [["a"], ["a/b", "c"], ["x\\y", "z/"], ["Dinas", "Bidang 1/2", "Seksi \\ A"]]
)
def test_join_and_split_round_trip(names: list[str]) -> None:
    assert split_path(join_path(names)) == names


@pytest.mark.parametrize("path", ["a//b", "/a", "a/", "a\\b", "a\\", "x" * 201])
def test_it_refuses_unreadable_paths(path: str) -> None:
    with pytest.raises(InvalidPath):
        split_path(path)


def test_normalize_and_parent() -> None:
    assert normalize_path(" A /  B ") == "A/B"
    assert parent_path("A/B\\/C/D") == "A/B\\/C"
    assert parent_path("A") == ""
    assert parent_path("") is None


@given(
    st.lists(
        st.text(alphabet="ab /\\-\t", min_size=1, max_size=6).filter(lambda n: n.strip()),
        max_size=4,
    )
)
@settings(max_examples=500)
@example(["-  -"])  # split_path joins runs of spaces inside a name
def test_the_sort_key_is_the_split_path(names: list[str]) -> None:
    path = join_path([name.strip() for name in names])
    assert path_key(path) == tuple(split_path(path))
