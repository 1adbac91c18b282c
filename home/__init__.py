"""The site's home page: each persona's starting points. It reads every app; none imports it."""
