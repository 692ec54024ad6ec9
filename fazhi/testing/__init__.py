"""Helpers for the test suite (browser fixtures, message catalogs)."""
