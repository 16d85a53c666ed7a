"""Every write of the accounts app. Keyword-only, atomic, audited."""
