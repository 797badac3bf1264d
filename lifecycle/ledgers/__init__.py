"""台账 [Y10][S8]: projects, activities, achievements and member development of a team."""
