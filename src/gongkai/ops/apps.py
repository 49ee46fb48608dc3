"""ops app: background work, outbound messages, backup and restore, security plumbing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "gongkai.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from gongkai.ops import (  # noqa: F401  (registering imports)
            checks,  # the deployment's system checks
            permissions,  # the upload rules
        )
        from gongkai.ops.security import grant_grace_login

        user_logged_in.connect(grant_grace_login, dispatch_uid="gongkai-2fa-grace")
