"""Subscribable feeds: each union's inspections and deadlines as an ICS calendar (RFC 5545)."""
