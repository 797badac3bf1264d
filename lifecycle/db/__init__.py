"""Storage: declarative base, engine factory and the unit of work."""
