"""Funding: grants, district matching, excellence support, expenditures and the 专款专用 audit."""
