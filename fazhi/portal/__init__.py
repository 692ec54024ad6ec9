"""The public portal: read-only pages, selectors only."""
