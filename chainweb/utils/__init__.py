"""Small helpers shared across chainweb."""
