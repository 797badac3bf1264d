"""Adoption: a union's existing registry brought in from Excel, its cut-over date, bulk actions."""
