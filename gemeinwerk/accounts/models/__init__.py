"""Accounts: members, their profiles, trust (verification), roles, assisted accounts and
sessions. One module per subject; everything is importable from here."""

from gemeinwerk.accounts.models.assisted import AssistedAccount
from gemeinwerk.accounts.models.profile import Language, Profile, Visibility
from gemeinwerk.accounts.models.roles import Role, RoleAssignment
from gemeinwerk.accounts.models.sessions import Session
from gemeinwerk.accounts.models.trust import (
    Decision,
    RequestOutcome,
    TrustDecision,
    VerificationMethod,
    VerificationRequest,
)
from gemeinwerk.accounts.models.user import TrustLevel, User

__all__ = [
    "AssistedAccount",
    "Decision",
    "Language",
    "Profile",
    "RequestOutcome",
    "Role",
    "RoleAssignment",
    "Session",
    "TrustDecision",
    "TrustLevel",
    "User",
    "VerificationMethod",
    "VerificationRequest",
    "Visibility",
]
