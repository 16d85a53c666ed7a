from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.audit_actions import AuditAction
from gemeinwerk.accounts.models import RoleAssignment, User


@transaction.atomic
def assign_role(
    *, user: User, role: str, contact_point: Any | None, assigned_by: User
) -> RoleAssignment:
    assignment = RoleAssignment(
        user=user, role=role, contact_point=contact_point, assigned_by=assigned_by
    )
    assignment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This person has this role already, or the role does not fit the place."),
            code="role_conflict",
        ) from error
    audit.record(
        actor=assigned_by,
        action=AuditAction.ROLE_ASSIGNED,
        subject=user,
        target=assignment,
        after={"role": role, "contact_point": contact_point.pk if contact_point else None},
    )
    return assignment


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment, revoked_by: User) -> None:
    audit.record(
        actor=revoked_by,
        action=AuditAction.ROLE_REVOKED,
        subject=assignment.user,
        target=assignment,
        before={"role": assignment.role, "contact_point": assignment.contact_point_id},
    )
    assignment.delete()
