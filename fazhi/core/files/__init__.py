"""Evidence files (证据材料), stored by content hash."""
