"""Who may read the access log: the domestic abuse coordinator, and nobody else.

The log says who looked at which case and why; it is oversight, so it belongs with the role
that oversees all cases. Administrators manage accounts but must not learn who is working on
which case; managers see figures, not the trail.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from haven.audit.models import AuditEvent


def may_read_access_log(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("audit.view_access_log"))


def access_log_for(user) -> QuerySet[AuditEvent]:
    if not may_read_access_log(user):
        raise PermissionDenied
    return AuditEvent.objects.select_related("actor")
