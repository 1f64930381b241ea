from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class FrontConfig(AppConfig):
    """The top of the house: the home page, the menu, the demo and the test personas.

    ``front`` may import every app; no app imports ``front``. Apps hang their parts on the
    registries in ``revmen.core.parts`` from their own ``home.py`` (found here at start-up) and
    ``demo.py`` (found when the demo loads).
    """

    name = "revmen.front"
    label = "front"

    def ready(self) -> None:
        autodiscover_modules("home")
