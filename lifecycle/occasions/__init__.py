"""Occasions: everything a designation owes (inspections, filings, 考核, deadlines, warnings)."""
