"""Statistics core (pure Python + NumPy/SciPy): scores, reliability, change, indices, SKM.

The numbers do not know Django exists: a test parses every module here and fails on a
``django`` import. Grows with the instrument engine issue.

- ``descriptives``: :func:`describe` (n, mean, SD, SE, t-based 95% CI, median, min, max).
- ``scoring``: reverse-keying and per-person scale scores with the "at least 2/3 of items
  answered" rule.
- ``reliability``: Cronbach's alpha with its Feldt CI, item analysis, McDonald's omega from a
  one-factor ML fit.
- ``change``: paired pre/post comparison (t, d_z with noncentral CI, Hedges' g, Wilcoxon) and
  the Jacobson-Truax reliable change index.
- ``skm``: the SKM index (IKM) of PermenPAN-RB 14/2017.
- ``bench``: timings against a bare NumPy baseline, for ``make bench``.

Edge cases raise :class:`revmen.stats.errors.InsufficientData` (a ``ValueError``) or give
``None``; bad input raises :class:`revmen.stats.errors.InvalidInput`.
"""
