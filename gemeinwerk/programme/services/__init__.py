"""The facility programme's writes: the registry (registry.py) and registrations."""
