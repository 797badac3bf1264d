"""Reminders: the daily sweep, reminder items, digests and the outbox (DOMAIN.md §6)."""
