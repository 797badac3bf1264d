"""Stored files (inspection evidence, filings): bytes on disk by hash, metadata in the database."""
