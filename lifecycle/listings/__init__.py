"""Paged, filtered, scoped listings for the JSON API (every query filters by union path in SQL)."""
