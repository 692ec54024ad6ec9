"""Browser fixtures for the page tests (see fazhi.testing.browser)."""

from fazhi.testing.browser import chromium, page  # noqa: F401
