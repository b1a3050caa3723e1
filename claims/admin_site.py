"""The admin site, where editors and admins moderate.

It lives apart from claims/admin.py because Django imports it while loading
apps (INSTALLED_APPS names ModerationAdminConfig), before models exist.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class ModerationSite(AdminSite):
    """Django's admin for staff who may moderate; fact-checkers are refused.

    is_staff alone is not enough: a fact-checker marked staff by mistake
    still gets the login page's "not authorized" instead of the admin.
    """

    site_header = "Claim Workbench moderation"
    site_title = "Claim Workbench moderation"
    index_title = "Moderation"

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and request.user.has_perm("claims.moderate_content")


class ModerationAdminConfig(AdminConfig):
    default_site = "claims.admin_site.ModerationSite"
