"""One-time form submissions: a page form posted twice writes once."""
