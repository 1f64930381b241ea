"""Indonesian text analysis (pure Python): normalisation now, stemming and themes later.

No Django here (a test enforces it).
"""
