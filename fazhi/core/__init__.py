"""Core: organizations, accounts and roles, the full-process record, files, the calendar copy."""
