"""Intake: calls, application forms declared by each scheme pack, staged review, batches, naming."""
