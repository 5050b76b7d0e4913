from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package as an app: cross-app helpers, housekeeping, demo data orchestration."""

    name = "batxat_portal"
    verbose_name = _("Portal")
