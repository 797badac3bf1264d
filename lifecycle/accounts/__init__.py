"""Accounts: users bound to a union, roles, web sessions and API tokens."""
