from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "revmen.core"
    label = "core"
