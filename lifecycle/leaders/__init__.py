"""Leader events, legal-retirement warnings and Yangpu continuation consent [Y13][S9][C]."""
