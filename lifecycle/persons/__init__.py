"""Persons: leaders and members, with honours; ID-card numbers stored but never shown whole."""
