"""Scheduled jobs: thin triggers that call one lifecycle service with the trigger date (issue 6)."""
