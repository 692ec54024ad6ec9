"""Fazhi (法治): the institutions of a government under the rule of law, as software."""

__version__ = "0.1.0"
