"""Gemeinwerk: an open-source community platform for neighbourhood help, self-help groups,
district networks and a facility programme."""
