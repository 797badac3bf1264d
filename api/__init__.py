"""The web app and JSON API (FastAPI); routes stay thin and call lifecycle services."""
