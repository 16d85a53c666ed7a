"""Writes of neighbourhood help, one module per subject."""
