"""The audit trail. `audit.record(actor=..., action=..., target=..., before=..., after=...)`."""

from typing import Any


def record(**kwargs: Any) -> Any:
    # Imported on use: this package is imported before the app registry is ready.
    from gemeinwerk.audit.services import record as record_event

    return record_event(**kwargs)
