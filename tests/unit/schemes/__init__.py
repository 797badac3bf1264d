"""Unit tests of the scheme rule packs."""
