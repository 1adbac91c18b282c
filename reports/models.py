"""Models of reports (filled by later issues)."""
