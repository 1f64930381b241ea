"""The product's settings plus the bench's URLs (the naive baseline view beside the product)."""

from revmen.settings import *  # noqa: F403

ROOT_URLCONF = "revmen.bench.urls"
