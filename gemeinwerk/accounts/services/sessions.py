from django.db import transaction

from gemeinwerk.accounts.models import Session, User
from gemeinwerk.core import live


@transaction.atomic
def end_session(*, user: User, session_key: str) -> int:
    deleted, _ = Session.objects.filter(user=user, session_key=session_key).delete()
    live.sessions_ended(user.pk)
    return deleted


@transaction.atomic
def end_other_sessions(*, user: User, current_key: str | None) -> int:
    deleted, _ = Session.objects.filter(user=user).exclude(session_key=current_key).delete()
    live.sessions_ended(user.pk)
    return deleted


@transaction.atomic
def end_all_sessions(*, user: User) -> int:
    deleted, _ = Session.objects.filter(user=user).delete()
    live.sessions_ended(user.pk)
    return deleted
