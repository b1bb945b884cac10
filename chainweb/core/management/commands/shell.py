"""The ``shell`` command: a Python shell with the project's settings loaded."""

from __future__ import annotations

import importlib
import os
import select
import sys
import traceback
from typing import Any

from chainweb.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    """Run an interactive Python interpreter (IPython when installed), or run code and exit."""

    help = (
        "Run a Python interactive interpreter with the settings loaded. Uses IPython if it is "
        "installed. Code given with -c, or piped on standard input, is run instead."
    )
    requires_system_checks: list[str] = []
    shells = ["ipython", "python"]

    def add_arguments(self, parser: CommandParser) -> None:
        """Add ``--no-startup``, ``-i/--interface`` and ``-c/--command``."""
        parser.add_argument(
            "--no-startup",
            action="store_true",
            help="When using plain Python, ignore PYTHONSTARTUP and ~/.pythonrc.py.",
        )
        parser.add_argument(
            "-i",
            "--interface",
            choices=self.shells,
            help="The shell to use; by default IPython if installed, else plain Python.",
        )
        parser.add_argument(
            "-c",
            "--command",
            help="Instead of opening an interactive shell, run a command and exit.",
        )

    def get_namespace(self) -> dict[str, Any]:
        """Return the names the shell starts with."""
        from chainweb.conf import settings

        return {"__name__": "__main__", "settings": settings}

    def ipython(self, options: dict[str, Any]) -> None:
        """Start IPython (raise ImportError if it is not installed)."""
        # Imported by name: IPython is optional, and mypy must not need it installed.
        ipython = importlib.import_module("IPython")
        ipython.start_ipython(argv=[], user_ns=self.get_namespace())

    def python(self, options: dict[str, Any]) -> None:
        """Start the standard Python interpreter, with the user's startup files unless asked."""
        import code

        namespace = self.get_namespace()
        if not options.get("no_startup"):
            startup_files = [os.environ.get("PYTHONSTARTUP"), os.path.expanduser("~/.pythonrc.py")]
            for pythonrc in dict.fromkeys(startup_files):
                if not pythonrc or not os.path.isfile(pythonrc):
                    continue
                with open(pythonrc, encoding="utf-8") as handle:
                    source = handle.read()
                try:
                    exec(compile(source, pythonrc, "exec"), namespace)
                except Exception:
                    traceback.print_exc()
        # Sets up readline completion and history, as the plain interpreter does.
        hook = getattr(sys, "__interactivehook__", None)
        if hook is not None:
            try:
                hook()
            except Exception:
                print("Failed calling sys.__interactivehook__")
                traceback.print_exc()
        try:
            import readline
            import rlcompleter
        except ImportError:  # pragma: no cover - readline is missing on some platforms.
            pass
        else:
            readline.set_completer(rlcompleter.Completer(namespace).complete)
        code.interact(local=namespace)

    def handle(self, *args: Any, **options: Any) -> None:
        """Run ``--command`` or piped stdin and exit, or start an interactive shell."""
        if options.get("command"):
            exec(options["command"], self.get_namespace())
            return
        if _stdin_has_input():
            exec(sys.stdin.read(), self.get_namespace())
            return
        available = [options["interface"]] if options.get("interface") else self.shells
        for shell in available:
            try:
                getattr(self, shell)(options)
                return
            except ImportError:
                pass
        raise CommandError(
            f"Couldn't import the {shell} interface. Install it (pip install {shell}) or "
            "choose another with -i/--interface."
        )


def _stdin_has_input() -> bool:
    """Return whether stdin is not a terminal and has something to read now."""
    stdin = sys.stdin
    if stdin is None or stdin.isatty():
        return False
    try:
        return bool(select.select([stdin], [], [], 0)[0])
    except (OSError, ValueError):  # A stream without a file descriptor (io.StringIO).
        return True
