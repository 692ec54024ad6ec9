"""The office's copy of the working-day calendar, amended under audit."""
