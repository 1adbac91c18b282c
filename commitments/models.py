"""Models of commitments (filled by later issues)."""
