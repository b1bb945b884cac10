"""The ``chainweb`` command line: find, load and run management commands.

Commands live in ``chainweb/core/management/commands/`` and in each ``INSTALLED_APPS``
package's ``management/commands/``; ``execute_from_command_line`` runs one from ``sys.argv``
and ``call_command`` runs one from Python.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections import defaultdict
from difflib import get_close_matches
from typing import Any

import chainweb
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.management.base import BaseCommand as BaseCommand
from chainweb.core.management.base import CommandError as CommandError
from chainweb.core.management.base import CommandParser as CommandParser
from chainweb.core.management.base import SystemCheckError as SystemCheckError
from chainweb.core.management.base import handle_default_options
from chainweb.core.management.color import color_style

#: The app label ``get_commands()`` gives chainweb's built-in commands.
CORE = "chainweb.core"

#: Built-in commands that run without settings (they make projects, or describe commands).
NO_SETTINGS_COMMANDS = frozenset({"help", "version", "startproject", "startapp"})


def find_commands(management_dir: str) -> list[str]:
    """Return the command names in ``management_dir``/commands (modules not starting with _)."""
    command_dir = os.path.join(management_dir, "commands")
    return sorted(
        name
        for _, name, is_pkg in pkgutil.iter_modules([command_dir])
        if not is_pkg and not name.startswith("_")
    )


def _app_management_dirs(app: str) -> list[str]:
    """Return the ``management`` directories of the INSTALLED_APPS package ``app``."""
    try:
        spec = importlib.util.find_spec(app)
    except (ImportError, ValueError) as exc:
        spec = None
        error = f": {exc}".rstrip(".")
    else:
        error = ""
    if spec is None:
        raise ImproperlyConfigured(
            f"INSTALLED_APPS entry {app!r} could not be found{error}. Check the dotted path of "
            "the package, and that its parent directory is on sys.path."
        )
    return [os.path.join(path, "management") for path in spec.submodule_search_locations or ()]


def get_commands() -> dict[str, str]:
    """Return a dict mapping each command name to the app (dotted path) that provides it.

    Built-in commands map to ``"chainweb.core"``. When settings are configured, each
    ``INSTALLED_APPS`` package's ``management/commands/`` is searched too; an app's command
    replaces a built-in of the same name, and an earlier app wins over a later one.
    """
    commands = {name: CORE for name in find_commands(os.path.dirname(__file__))}
    from chainweb.conf import settings

    if not settings.configured:
        return commands
    for app in reversed(list(settings.INSTALLED_APPS)):
        for management_dir in _app_management_dirs(app):
            commands.update({name: app for name in find_commands(management_dir)})
    return commands


def load_command_class(app_name: str, name: str) -> BaseCommand:
    """Import ``<app_name>.management.commands.<name>`` and return an instance of its Command."""
    module = importlib.import_module(f"{app_name}.management.commands.{name}")
    command_class = getattr(module, "Command", None)
    if not (isinstance(command_class, type) and issubclass(command_class, BaseCommand)):
        raise CommandError(
            f"Command module {module.__name__!r} has no Command class. Define "
            "'class Command(BaseCommand)' in it, with a handle() method."
        )
    return command_class()


def call_command(name_or_command: str | BaseCommand, *args: Any, **options: Any) -> Any:
    """Run a command from Python and return what its ``handle()`` returns.

    ``args`` are parsed by the command's parser as on the command line; ``options`` are given
    by their ``dest`` name (``call_command("runserver", use_reloader=False)``) or their option
    name, and win over the parsed values. System checks are skipped unless
    ``skip_checks=False``. ``stdout`` and ``stderr`` take streams to write to.
    """
    if isinstance(name_or_command, BaseCommand):
        command = name_or_command
        command_name = type(command).__module__.rpartition(".")[2]
    else:
        command_name = name_or_command
        try:
            app_name = get_commands()[command_name]
        except KeyError:
            raise CommandError(
                f"Unknown command: {command_name!r}. Check the name against 'chainweb help'; a "
                "command of an app is found only when the app is in INSTALLED_APPS."
            ) from None
        command = load_command_class(app_name, command_name)

    parser = command.create_parser("", command_name)
    # Option name ('--use-reloader' -> 'use_reloader') -> dest, for options passed by name.
    opt_mapping = {
        min(action.option_strings).lstrip("-").replace("-", "_"): action.dest
        for action in parser._actions
        if action.option_strings
    }
    arg_options = {opt_mapping.get(key, key): value for key, value in options.items()}
    parse_args: list[str] = []
    for arg in args:
        if isinstance(arg, (list, tuple)):
            parse_args += map(str, arg)
        else:
            parse_args.append(str(arg))
    actions = list(_parser_actions(parser))
    required_in_group = {
        action
        for group in parser._mutually_exclusive_groups
        if group.required
        for action in group._group_actions
    }
    # Required options given in **options must go through parse_args() to satisfy argparse.
    for action in actions:
        if action.dest in arg_options and (action.required or action in required_in_group):
            parse_args.append(min(action.option_strings))
            if isinstance(
                action,
                (argparse._AppendConstAction, argparse._CountAction, argparse._StoreConstAction),
            ):
                continue
            value = arg_options[action.dest]
            if isinstance(value, (list, tuple)):
                parse_args += map(str, value)
            else:
                parse_args.append(str(value))
    defaults = dict(vars(parser.parse_args(args=parse_args)), **arg_options)

    stealth = set(command.base_stealth_options) | set(command.stealth_options)
    valid = {action.dest for action in actions} | stealth | set(opt_mapping)
    unknown = set(options) - valid
    if unknown:
        raise TypeError(
            f"Unknown option(s) for {command_name} command: {', '.join(sorted(unknown))}. "
            f"Valid options are: {', '.join(sorted(valid))}."
        )
    positional = defaults.pop("args", ())
    if "skip_checks" not in options:
        defaults["skip_checks"] = True
    return command.execute(*positional, **defaults)


def _parser_actions(parser: argparse.ArgumentParser) -> Any:
    """Yield the parser's actions, descending into subparsers."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                yield from _parser_actions(subparser)
        else:
            yield action


class ManagementUtility:
    """The ``chainweb`` program: pick the subcommand from argv, load settings and run it."""

    def __init__(self, argv: list[str] | None = None) -> None:
        self.argv = list(argv) if argv else sys.argv[:]
        self.prog_name = os.path.basename(self.argv[0]) if self.argv else "chainweb"
        if self.prog_name in ("__main__.py", ""):
            self.prog_name = "python -m chainweb"
        self.settings_exception: Exception | None = None

    def main_help_text(self, commands_only: bool = False) -> str:
        """Return the help listing: every command, grouped by the app that provides it."""
        if commands_only:
            return "\n".join(sorted(get_commands()))
        style = color_style()
        usage = [
            "",
            f"Type '{self.prog_name} help <subcommand>' for help on a specific subcommand.",
            "Commands read the settings module named by --settings=mysite.settings or, without",
            "it, by the CHAINWEB_SETTINGS_MODULE environment variable.",
            "",
            "Available subcommands:",
        ]
        by_app: dict[str, list[str]] = defaultdict(list)
        for name, app in get_commands().items():
            by_app["chainweb" if app == CORE else app.rpartition(".")[2]].append(name)
        for app in sorted(by_app):
            usage.append("")
            usage.append(style.NOTICE(f"[{app}]"))
            usage.extend(f"    {name}" for name in sorted(by_app[app]))
        if self.settings_exception is not None:
            usage.append("")
            usage.append(
                style.NOTICE(
                    "Note that only chainweb's own commands are listed, as settings are not "
                    f"properly configured (error: {self.settings_exception})"
                )
            )
        return "\n".join(usage)

    def fetch_command(self, subcommand: str) -> BaseCommand:
        """Return the command named ``subcommand``, or print a suggestion and exit with 1."""
        commands = get_commands()
        try:
            app_name = commands[subcommand]
        except KeyError:
            matches = get_close_matches(subcommand, commands)
            message = f"Unknown command: {subcommand!r}."
            if matches:
                message += f" Did you mean {matches[0]!r}?"
            message += f" Type '{self.prog_name} help' for usage."
            if self.settings_exception is not None:
                message += (
                    " (Only chainweb's own commands were searched: the settings could not be "
                    "loaded.)"
                )
            sys.stderr.write(message + "\n")
            sys.exit(1)
        return load_command_class(app_name, subcommand)

    def execute(self) -> None:
        """Run the subcommand named in argv, or print help."""
        subcommand = self.argv[1] if len(self.argv) > 1 else "help"
        parser = CommandParser(
            prog=self.prog_name,
            usage="%(prog)s subcommand [options] [args]",
            add_help=False,
            allow_abbrev=False,
        )
        parser.add_argument("--settings")
        parser.add_argument("--pythonpath")
        parser.add_argument("--traceback", action="store_true")
        parser.add_argument("args", nargs="*")
        try:
            options, _ = parser.parse_known_args(self.argv[2:])
        except CommandError:  # Bad global options: the command's own parser will say so.
            options = argparse.Namespace(settings=None, pythonpath=None, traceback=False, args=[])
        handle_default_options(options)
        self.settings_exception = _load_settings()

        try:
            command = self._dispatch(subcommand, options)
        except ImproperlyConfigured as exc:  # From get_commands(): a bad INSTALLED_APPS entry.
            if options.traceback:
                raise
            sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
            sys.exit(1)
        if command is None:
            return
        wants_help = "--help" in self.argv[2:] or "-h" in self.argv[2:]
        if not wants_help and subcommand not in NO_SETTINGS_COMMANDS and command.requires_settings:
            self._require_settings(options.traceback)
            chainweb.setup()
        command.run_from_argv(self.argv)

    def _dispatch(self, subcommand: str, options: argparse.Namespace) -> BaseCommand | None:
        """Print help or the version and return None, or return the command to run."""
        if subcommand == "help":
            if "--commands" in self.argv[2:]:
                sys.stdout.write(self.main_help_text(commands_only=True) + "\n")
            elif not options.args:
                sys.stdout.write(self.main_help_text() + "\n")
            else:
                self.fetch_command(options.args[0]).print_help(self.prog_name, options.args[0])
        elif subcommand == "version" or self.argv[1:] == ["--version"]:
            sys.stdout.write(chainweb.__version__ + "\n")
        elif self.argv[1:] in (["--help"], ["-h"]):
            sys.stdout.write(self.main_help_text() + "\n")
        else:
            return self.fetch_command(subcommand)
        return None

    def _require_settings(self, traceback: bool) -> None:
        """Exit with one line saying how to configure settings, if they could not be loaded."""
        exc = self.settings_exception
        if exc is None:
            return
        cause = exc.__cause__
        # A settings module that exists but fails to import keeps its traceback, which says where.
        if traceback or not (cause is None or isinstance(cause, ModuleNotFoundError)):
            raise exc
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        sys.exit(1)


def _load_settings() -> Exception | None:
    """Load the settings now; return the error if they cannot be loaded."""
    from chainweb.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading a setting loads the settings module.
    except ImproperlyConfigured as exc:
        return exc
    return None


def execute_from_command_line(argv: list[str] | None = None) -> None:
    """Run the management command named in ``argv`` (default ``sys.argv``)."""
    ManagementUtility(argv).execute()


__all__ = [
    "BaseCommand",
    "CommandError",
    "CommandParser",
    "ManagementUtility",
    "SystemCheckError",
    "call_command",
    "execute_from_command_line",
    "find_commands",
    "get_commands",
    "load_command_class",
]
