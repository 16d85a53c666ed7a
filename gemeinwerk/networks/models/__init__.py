from gemeinwerk.networks.models.activities import (
    Activity,
    ActivityStatus,
    Admission,
    Registration,
    RegistrationStatus,
    Repeat,
)
from gemeinwerk.networks.models.appointments import Appointment, AppointmentStatus, Mode, Slot
from gemeinwerk.networks.models.care import ContactKind, ContactLog, Welcome
from gemeinwerk.networks.models.networks import (
    Initiative,
    InitiativeStatus,
    Network,
    NetworkRole,
    Principle,
    RoleKind,
)

__all__ = [
    "Activity",
    "ActivityStatus",
    "Admission",
    "Appointment",
    "AppointmentStatus",
    "ContactKind",
    "ContactLog",
    "Initiative",
    "InitiativeStatus",
    "Mode",
    "Network",
    "NetworkRole",
    "Principle",
    "Registration",
    "RegistrationStatus",
    "Repeat",
    "RoleKind",
    "Slot",
    "Welcome",
]
