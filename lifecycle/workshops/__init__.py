"""Workshops: the team, its host unit, leader and members."""
