"""Statistics core (pure Python + NumPy/SciPy): scores, reliability, change, indices, SKM.

The numbers do not know Django exists: a test parses every module here and fails on a
``django`` import. Grows with the instrument engine issue.
"""
