"""The staff workbench: my tasks, due soon, overdue."""
