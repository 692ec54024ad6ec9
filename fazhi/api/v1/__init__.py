"""Version 1 of the REST API: one router per area, problem-details errors."""
