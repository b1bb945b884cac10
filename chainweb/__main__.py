"""Run chainweb's command line: ``python -m chainweb <command> [options]``."""

from __future__ import annotations

from chainweb.core.management import execute_from_command_line

if __name__ == "__main__":
    execute_from_command_line()
