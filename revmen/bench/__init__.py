"""Developer tooling outside the product: ``python -m revmen.bench`` (``make bench``) prints
benchmarks with ratios against same-run baselines, ``python -m revmen.bench.screenshots``
(``make screenshots``) refreshes docs/*.png. The intake baseline view (``views.py``) is mounted
only by the bench's own settings (``revmen.bench.settings``), never by the product's URLs.
"""
