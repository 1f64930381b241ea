"""Privacy core (pure Python): which groups a report may show.

Minimum group sizes and protection against differencing live here; no Django (a test enforces it).
"""
