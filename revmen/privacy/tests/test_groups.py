import pytest

from revmen.privacy.groups import may_show


@pytest.mark.parametrize(
    ("n", "k", "shown"), [(0, 5, False), (4, 5, False), (5, 5, True), (1, 1, True), (9, 10, False)]
)
def test_it_shows_only_groups_of_at_least_k(n: int, k: int, shown: bool) -> None:
    assert may_show(n, min_group_size=k) is shown


def test_it_refuses_a_minimum_below_one() -> None:
    with pytest.raises(ValueError):
        may_show(3, min_group_size=0)
