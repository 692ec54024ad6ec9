"""Authentication for the API: staff tokens or the browser session (placeholder)."""

from ninja.security import django_auth

staff_auth = [django_auth]
