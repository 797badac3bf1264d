"""The service's domain: aggregates, rule packs, calendar, and the unit of work."""
