"""Models of evaluations (filled by later issues)."""
