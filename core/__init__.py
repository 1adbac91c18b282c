"""What every app of the project repeats, in one place. ``core`` knows no other app."""
