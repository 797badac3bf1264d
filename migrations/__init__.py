"""Alembic migrations of the service's schema (SQLite and PostgreSQL alike)."""
