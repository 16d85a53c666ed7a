"""Every write of the groups app. Keyword-only, atomic, audited where privileged."""
