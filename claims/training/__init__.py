"""Training of the app's own models (no Django imports; commands call in)."""
