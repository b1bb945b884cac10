"""chainweb's built-in management commands, one module per command."""
