"""Who may use the directory. The directory itself holds no case content: caseworkers read it,
administrators keep it up to date. What was done for a survivor is case content, reached only
through the case's own scope (haven.cases.policies)."""

from django.core.exceptions import PermissionDenied

from haven.accounts.models import User


def may_read(user: User) -> bool:
    return bool(user.has_perm("directory.view_services"))


def may_manage(user: User) -> bool:
    return bool(user.has_perm("directory.manage_services"))


def require_reader(user: User) -> None:
    if not may_read(user):
        raise PermissionDenied


def require_manager(user: User) -> None:
    if not may_manage(user):
        raise PermissionDenied
