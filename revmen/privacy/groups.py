"""Minimum group size: the first rule of every report that aggregates people."""

from __future__ import annotations

DEFAULT_MIN_GROUP_SIZE = 5


def may_show(n: int, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> bool:
    """A group's figure may be shown only when it holds at least ``min_group_size`` people.

    ``min_group_size`` below 1 is refused: a report must never be configured to show everyone.

    >>> may_show(4), may_show(5)
    (False, True)
    """
    if min_group_size < 1:
        raise ValueError("min_group_size must be at least 1")
    return n >= min_group_size
