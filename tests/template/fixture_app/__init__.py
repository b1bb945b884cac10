"""An installed app whose templates/ directory APP_DIRS finds."""
