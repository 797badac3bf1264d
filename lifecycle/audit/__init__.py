"""Audit trail: an append-only log of who changed which record, with before and after."""
