"""Base classes for management commands: ``BaseCommand``, ``CommandError`` and their helpers.

A command is a module ``<app>/management/commands/<name>.py`` defining ``Command``, a
``BaseCommand`` subclass that adds its arguments in ``add_arguments()`` and does its work in
``handle()``. ``run_from_argv()`` is the command-line path, ``execute()`` the in-process one
(``call_command``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

import chainweb
from chainweb.core.management.color import Style, color_style, no_style

ALL_CHECKS = "__all__"


class CommandError(Exception):
    """A problem that stops a command; printed as one line ``CommandError: ...``.

    ``returncode`` is the process exit status when the command runs from the command line.
    Raise it with a message that says what was wrong and how to fix it.
    """

    def __init__(self, *args: Any, returncode: int = 1) -> None:
        self.returncode = returncode
        super().__init__(*args)


class SystemCheckError(CommandError):
    """System checks found serious problems; the message is the full check report."""


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser that raises CommandError instead of exiting, outside the command line.

    ``missing_args_message`` replaces argparse's message when no positional argument is given.
    """

    def __init__(
        self,
        *,
        missing_args_message: str | None = None,
        called_from_command_line: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self.missing_args_message = missing_args_message
        self.called_from_command_line = called_from_command_line
        super().__init__(**kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Parse ``args``, failing with ``missing_args_message`` when none were given."""
        if self.missing_args_message and not args:
            self.error(self.missing_args_message)
        return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        """Print usage and exit (command line), or raise CommandError (``call_command``)."""
        if self.called_from_command_line:
            super().error(message)
        raise CommandError(f"Error: {message}")


class CommandHelpFormatter(argparse.HelpFormatter):
    """Show a command's own options before the options every command has."""

    show_last = frozenset(
        {"--version", "--verbosity", "--traceback", "--settings", "--pythonpath", "--no-color"}
        | {"--force-color", "--skip-checks"}
    )

    def _reordered_actions(self, actions: Any) -> list[argparse.Action]:
        return sorted(actions, key=lambda a: set(a.option_strings) & self.show_last != set())

    def add_usage(self, usage: Any, actions: Any, *args: Any, **kwargs: Any) -> None:
        """Add the usage line with the common options last."""
        super().add_usage(usage, self._reordered_actions(actions), *args, **kwargs)

    def add_arguments(self, actions: Any) -> None:
        """Add the option help with the common options last."""
        super().add_arguments(self._reordered_actions(actions))


class OutputWrapper:
    """Wrap a text stream; ``write()`` adds the line ending and the style."""

    def __init__(self, out: TextIO, ending: str = "\n") -> None:
        self._out = out
        self.ending = ending
        self._style_func: Callable[[str], str] = _plain
        self.style_func = None

    @property
    def style_func(self) -> Callable[[str], str]:
        """Return the default style applied to each message (only on a terminal)."""
        return self._style_func

    @style_func.setter
    def style_func(self, style_func: Callable[[str], str] | None) -> None:
        self._style_func = style_func if style_func and self.isatty() else _plain

    def __getattr__(self, name: str) -> Any:
        return getattr(self._out, name)

    def isatty(self) -> bool:
        """Return whether the wrapped stream is a terminal."""
        isatty = getattr(self._out, "isatty", None)
        return bool(isatty is not None and isatty())

    def flush(self) -> None:
        """Flush the wrapped stream, if it can be flushed."""
        flush = getattr(self._out, "flush", None)
        if flush is not None:
            flush()

    def write(
        self,
        msg: str = "",
        style_func: Callable[[str], str] | None = None,
        ending: str | None = None,
    ) -> None:
        """Write ``msg``, adding ``ending`` (default newline) unless it already ends so."""
        ending = self.ending if ending is None else ending
        if ending and not msg.endswith(ending):
            msg += ending
        style = style_func or self.style_func
        self._out.write(style(msg))


def _plain(text: str) -> str:
    return text


def handle_default_options(options: argparse.Namespace) -> None:
    """Apply ``--settings`` and ``--pythonpath`` before anything reads the settings."""
    from chainweb.conf import ENVIRONMENT_VARIABLE

    if getattr(options, "settings", None):
        os.environ[ENVIRONMENT_VARIABLE] = options.settings
    if getattr(options, "pythonpath", None):
        sys.path.insert(0, options.pythonpath)


class BaseCommand:
    """The base class of every management command.

    Subclasses set ``help``, add arguments in ``add_arguments()`` and implement ``handle()``.
    ``requires_system_checks`` is ``"__all__"`` (run every check first), a list of check tags,
    or ``[]`` (run none). ``requires_settings = False`` lets a command run with no settings.
    """

    help = ""
    requires_system_checks: Sequence[str] | str = ALL_CHECKS
    requires_settings = True
    #: Options ``call_command`` accepts though the parser does not define them.
    base_stealth_options: tuple[str, ...] = ("stderr", "stdout")
    stealth_options: tuple[str, ...] = ()
    #: Common options this command hides from its parser (for example ``{"--verbosity"}``).
    suppressed_base_arguments: set[str] = set()

    _called_from_command_line = False

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        no_color: bool = False,
        force_color: bool = False,
    ) -> None:
        self.stdout = OutputWrapper(stdout or sys.stdout)
        self.stderr = OutputWrapper(stderr or sys.stderr)
        if no_color and force_color:
            raise CommandError(
                "The --no-color and --force-color options can't be used together; pass only one."
            )
        self.style: Style
        if no_color:
            self.style = no_style()
        else:
            self.style = color_style(force_color)
            self.stderr.style_func = self.style.ERROR
        if not isinstance(self.requires_system_checks, (list, tuple)) and (
            self.requires_system_checks != ALL_CHECKS
        ):
            raise TypeError(
                f"{type(self).__name__}.requires_system_checks must be a list or tuple of check "
                f"tags, or '__all__', not {self.requires_system_checks!r}."
            )

    def get_version(self) -> str:
        """Return the version printed by ``--version``."""
        return chainweb.__version__

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Create and return the parser for this command's arguments."""
        kwargs.setdefault("formatter_class", CommandHelpFormatter)
        parser = CommandParser(
            prog=f"{os.path.basename(prog_name)} {subcommand}",
            description=self.help or None,
            missing_args_message=getattr(self, "missing_args_message", None),
            called_from_command_line=getattr(self, "_called_from_command_line", None),
            **kwargs,
        )
        self.add_base_argument(
            parser, "--version", action="version", version=self.get_version(),
            help="Show program's version number and exit.",
        )  # fmt: skip
        self.add_base_argument(
            parser, "-v", "--verbosity", default=1, type=int, choices=[0, 1, 2, 3],
            help="Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, "
            "3=very verbose output.",
        )  # fmt: skip
        self.add_base_argument(
            parser, "--settings",
            help="The settings module's dotted path, e.g. 'mysite.settings'. If not given, the "
            "CHAINWEB_SETTINGS_MODULE environment variable is used.",
        )  # fmt: skip
        self.add_base_argument(
            parser, "--pythonpath",
            help="A directory to add to the Python path, e.g. '/home/projects/mysite'.",
        )  # fmt: skip
        self.add_base_argument(
            parser, "--traceback", action="store_true",
            help="Show the full traceback when a CommandError is raised.",
        )  # fmt: skip
        self.add_base_argument(
            parser, "--no-color", action="store_true", help="Don't colorize the command output."
        )
        self.add_base_argument(
            parser, "--force-color", action="store_true", help="Force colorization of the output."
        )
        if self.requires_system_checks:
            parser.add_argument(
                "--skip-checks", action="store_true", help="Skip the system checks."
            )
        self.add_arguments(parser)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        """Add this command's own arguments to ``parser`` (override in subclasses)."""

    def add_base_argument(self, parser: CommandParser, *args: Any, **kwargs: Any) -> None:
        """Add a common option, hiding its help if it is in ``suppressed_base_arguments``."""
        for arg in args:
            if arg in self.suppressed_base_arguments:
                kwargs["help"] = argparse.SUPPRESS
                break
        parser.add_argument(*args, **kwargs)

    def print_help(self, prog_name: str, subcommand: str) -> None:
        """Print this command's help message."""
        self.create_parser(prog_name, subcommand).print_help()

    def run_from_argv(self, argv: list[str]) -> None:
        """Run the command from ``argv`` (``[prog, subcommand, *args]``) and exit on errors.

        A CommandError is printed as one line on stderr and the process exits with its
        ``returncode``; ``--traceback`` lets it propagate instead.
        """
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as exc:
            if options.traceback:
                raise
            if isinstance(exc, SystemCheckError):
                self.stderr.write(str(exc), _plain)
            else:
                self.stderr.write(f"{type(exc).__name__}: {exc}")
            sys.exit(exc.returncode)

    def execute(self, *args: Any, **options: Any) -> Any:
        """Run the system checks (unless ``skip_checks``), then ``handle()``; return its result.

        A string returned by ``handle()`` is also written to ``self.stdout``.
        """
        if options.get("force_color") and options.get("no_color"):
            raise CommandError(
                "The --no-color and --force-color options can't be used together; pass only one."
            )
        if options.get("force_color"):
            self.style = color_style(force_color=True)
        elif options.get("no_color"):
            self.style = no_style()
            self.stderr.style_func = None
        if options.get("stdout"):
            self.stdout = OutputWrapper(options["stdout"])
        if options.get("stderr"):
            self.stderr = OutputWrapper(options["stderr"])
        if self.requires_system_checks and not options.get("skip_checks"):
            if self.requires_system_checks == ALL_CHECKS:
                self.check()
            else:
                self.check(tags=list(self.requires_system_checks))
        output = self.handle(*args, **options)
        if output:
            self.stdout.write(str(output))
        return output

    def handle(self, *args: Any, **options: Any) -> Any:
        """Do the command's work (override in subclasses); a returned string is printed."""
        raise NotImplementedError(
            f"{type(self).__name__} must define handle(); subclasses of BaseCommand do the "
            "command's work there."
        )

    def check(
        self,
        tags: Sequence[str] | None = None,
        deploy: bool = False,
        display_num_errors: bool = False,
        fail_level: int | None = None,
    ) -> None:
        """Run the system checks and print the problems found, grouped by level.

        Raise SystemCheckError (carrying the report) if any problem is at ``fail_level``
        (default ERROR) or above; otherwise write the report to stderr (or the count to
        stdout when ``display_num_errors`` and nothing was found).
        """
        from chainweb.core import checks

        level = checks.ERROR if fail_level is None else fail_level
        issues = checks.run_checks(
            tags=list(tags) if tags else None, include_deployment_checks=deploy
        )
        silenced = len(getattr(issues, "silenced", ()))
        header = body = footer = ""
        groups = (
            ("ERRORS", checks.ERROR, 1000),
            ("WARNINGS", checks.WARNING, checks.ERROR),
            ("INFOS", checks.INFO, checks.WARNING),
            ("DEBUGS", -1000, checks.INFO),
        )
        for name, low, high in groups:
            group = [message for message in issues if low <= message.level < high]
            if group:
                lines = sorted(
                    self.style.ERROR(str(m)) if m.is_serious() else self.style.WARNING(str(m))
                    for m in group
                )
                body += "\n{}:\n{}\n".format(name, "\n".join(lines))
        if issues:
            header = "System check identified some issues:\n"
        if display_num_errors:
            if issues:
                footer += "\n"
            count = len(issues)
            found = "no issues" if not count else "1 issue" if count == 1 else f"{count} issues"
            footer += f"System check identified {found} ({silenced} silenced)."
        if any(message.is_serious(level) for message in issues):
            raise SystemCheckError(self.style.ERROR(f"SystemCheckError: {header}") + body + footer)
        report = header + body + footer
        if report:
            if issues:
                self.stderr.write(report, _plain)
            else:
                self.stdout.write(report)
