"""Designations: one title held by a workshop under one scheme, and its lifecycle (DOMAIN.md §3)."""
