"""The `workshops` command line."""
