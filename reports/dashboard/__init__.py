"""The district dashboards: figures per unit, criterion, person and year, scoped by role."""
