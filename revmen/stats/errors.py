"""Errors raised by the statistics core.

Both subclass :class:`ValueError`, so a caller that only wants "bad numbers in, no result out"
can catch ``ValueError``; a caller that wants to tell the two apart catches these.
"""

from __future__ import annotations


class InsufficientData(ValueError):
    """The data are valid but cannot support the statistic (n = 0, n = 1, zero variance, ...).

    ``reason`` is a human-readable sentence, e.g. ``"alpha needs at least 2 complete cases;
    got 1"``. It is also the exception's message.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidInput(ValueError):
    """The input itself is wrong: bad shape, infinite value, answer outside the scale, ...

    ``reason`` is a human-readable sentence and also the exception's message.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
