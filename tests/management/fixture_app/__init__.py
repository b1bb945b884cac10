"""An installed app for the management tests: it ships the ``greet`` command."""
