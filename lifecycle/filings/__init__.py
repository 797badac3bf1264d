"""Yearly filings [Y11]: the workshop's self-check and the unit union's evaluation."""
