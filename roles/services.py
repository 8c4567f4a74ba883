"""Writes to the role tree. Every structural change takes the role-tree lock first, because
django-mptt rewrites the bounds of many rows on each move."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from mptt.exceptions import InvalidMove

from core.locks import ROLE_TREE, lock_tree

from .models import Role

POSITIONS = ("first-child", "last-child", "left", "right")


def role_save(*, role: Role) -> Role:
    """Validate and save a role, new or changed (a changed parent moves it with its subtree)."""
    with transaction.atomic():
        lock_tree(ROLE_TREE)
        _refresh_bounds(role)
        if (
            role.parent_id is None
            and Role.objects.exclude(pk=role.pk).filter(parent__isnull=True).exists()
        ):
            raise ValidationError(
                {"parent": _("There is already a top role; choose the role this one reports to.")}
            )
        role.full_clean()
        try:
            role.save()
        except InvalidMove as exc:
            raise ValidationError(
                {"parent": _("A role cannot report to itself or to a role below it.")}
            ) from exc
    return role


def _refresh_bounds(role: Role) -> None:
    """Re-read the tree fields of a role and of its new parent, now that the lock is held.

    The instance usually comes from a form read before the lock; clean() compares bounds, so they
    must be the current ones, not the ones of a tree another writer has changed since.
    """
    tree_fields = ["lft", "rght", "tree_id", "level"]
    if role.pk and Role.objects.filter(pk=role.pk).exists():
        role.refresh_from_db(fields=tree_fields)
        # mptt moves the subtree only when the parent differs from the one it cached when the
        # instance was made; an instance rebuilt from history (a revert) cached the old parent
        # it carries, so tell mptt the parent that is stored now.
        stored_parent = Role.objects.filter(pk=role.pk).values_list("parent_id", flat=True)[0]
        role._mptt_cached_fields[role._mptt_meta.parent_attr] = stored_parent
    if role.parent_id is not None:
        parent = Role.objects.filter(pk=role.parent_id).first()
        if parent is None:
            raise ValidationError({"parent": _("The chosen parent role no longer exists.")})
        role.parent = parent


def role_move(*, role: Role, target: Role | None, position: str = "last-child") -> Role:
    """Move a role (with its subtree) relative to `target`; refused for loops or a second top."""
    if position not in POSITIONS:
        raise ValidationError({"position": _("Use one of: %s.") % ", ".join(POSITIONS)})
    with transaction.atomic():
        lock_tree(ROLE_TREE)
        if target is None:
            raise ValidationError({"parent": _("Choose the role this one reports to.")})
        # Re-read both under the lock: mptt computes the move from their current bounds.
        role = Role.objects.filter(pk=role.pk).first()
        target = Role.objects.filter(pk=target.pk).first()
        if role is None or target is None:
            raise ValidationError(
                _("The role was removed meanwhile; reload and try again."), code="concurrent_change"
            )
        if position in ("left", "right") and target.parent_id is None:
            raise ValidationError({"parent": _("There can be only one top role.")})
        try:
            role.move_to(target, position)
        except InvalidMove as exc:
            raise ValidationError(
                {"parent": _("A role cannot report to itself or to a role below it.")}
            ) from exc
    return Role.objects.get(pk=role.pk)


def role_delete(*, role: Role) -> None:
    """Delete a role that no seat uses and no role reports to."""
    with transaction.atomic():
        lock_tree(ROLE_TREE)
        role = Role.objects.get(pk=role.pk)
        if role.get_children().exists():
            raise ValidationError(
                _("Other roles report to this role; move them first."), code="role_has_children"
            )
        try:
            role.delete()
        except ProtectedError as exc:
            raise ValidationError(
                _("Seats or paths use this role; give them another role first."), code="role_in_use"
            ) from exc
