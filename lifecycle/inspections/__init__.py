"""On-site inspections at cycle end and re-inspections of rectification [Y12]."""
