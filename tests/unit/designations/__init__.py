"""Unit tests of the designation lifecycle."""
