"""Tests: unit (pure rules), integration (SQLite and PostgreSQL), e2e (the running service)."""
