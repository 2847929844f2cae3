"""PDF reports: charts, strings, templates and rendering (renders only, computes nothing)."""
