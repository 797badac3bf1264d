"""Read models for the screens (web pages and their JSON twins): one call per page."""
