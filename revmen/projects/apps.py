from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "revmen.projects"
    label = "projects"
    verbose_name = _("Change projects")

    def ready(self) -> None:
        # register the periodic reminders
        from . import reminders  # noqa: F401
