"""Core machinery of chainweb."""
