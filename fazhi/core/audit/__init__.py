"""The full-process record (全过程记录): a hash-chained, append-only log of statutory acts."""
