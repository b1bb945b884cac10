"""``collectstatic``: copy the static files into ``STATIC_ROOT``, for a web server to serve.

Files are found where ``runserver`` finds them (``find_static_directories()``: each
``STATICFILES_DIRS`` entry, then each installed app's ``static/``) and the first directory
holding a path wins, so ``STATIC_ROOT`` holds what the development server would serve. A
file whose copy already has the same size and is not older is left alone. As in
development, a symbolic link leading out of its static directory is not followed.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import stat
import typing as t
import uuid
from dataclasses import dataclass, field

from chainweb.conf import settings
from chainweb.core.checks.registry import Tags
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.management.base import BaseCommand, CommandError, CommandParser
from chainweb.core.servers.static import StaticDirectory, find_static_directories

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

#: Patterns ignored unless ``--no-default-ignore`` is given, as in Django.
DEFAULT_IGNORE_PATTERNS = ("CVS", ".*", "*~")


@dataclass
class Collected:
    """What a run did, by destination path relative to ``STATIC_ROOT``."""

    copied: list[str] = field(default_factory=list)
    unmodified: list[str] = field(default_factory=list)


def matches_patterns(path: str, patterns: Sequence[str]) -> bool:
    """Return whether ``path`` matches one of the glob ``patterns`` (case-sensitive)."""
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def _inside(path: str, directory: str) -> bool:
    """Return whether ``path`` is ``directory`` or under it (both absolute and resolved)."""
    return os.path.commonpath([directory, path]) == directory


def list_files(
    directory: str,
    ignore_patterns: Sequence[str],
    on_escape: t.Callable[[str, str], None] | None = None,
) -> Iterator[tuple[str, str]]:
    """Yield ``(relative path, absolute path)`` for each file under ``directory``, sorted.

    A file or directory whose name, or whose relative path, matches an ignore pattern is
    skipped (a directory with all it holds). Symbolic links are followed only while they stay
    inside ``directory``, as the development server does; ``on_escape(link, target)`` is
    called for each link that leads out. A link back to a directory being walked is not
    followed again.
    """
    root = os.path.realpath(directory)
    yield from _walk(root, directory, "", ignore_patterns, (root,), on_escape)


def _walk(
    root: str,
    directory: str,
    relative: str,
    ignore: Sequence[str],
    ancestors: tuple[str, ...],
    on_escape: t.Callable[[str, str], None] | None,
) -> Iterator[tuple[str, str]]:
    with os.scandir(directory) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        name = f"{relative}/{entry.name}" if relative else entry.name
        if matches_patterns(entry.name, ignore) or (relative and matches_patterns(name, ignore)):
            continue
        real = os.path.realpath(entry.path)
        if not _inside(real, root):
            if on_escape is not None:
                on_escape(entry.path, real)
            continue
        if entry.is_dir():
            if real not in ancestors:
                yield from _walk(root, entry.path, name, ignore, (*ancestors, real), on_escape)
        elif entry.is_file():
            yield name, entry.path


class Command(BaseCommand):
    """Collect the static files into ``STATIC_ROOT``."""

    help = (
        "Collect the static files (STATICFILES_DIRS and each installed app's static/ "
        "directory) into STATIC_ROOT, for the web server to serve."
    )
    requires_system_checks: Sequence[str] | str = [Tags.staticfiles]

    def add_arguments(self, parser: CommandParser) -> None:
        """Add ``--noinput``, ``--clear``, ``--dry-run``, ``--ignore``, ``--no-default-ignore``."""
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Do not ask for confirmation before writing to STATIC_ROOT.",
        )  # fmt: skip
        parser.add_argument(
            "-c", "--clear", action="store_true",
            help="Delete the files already in STATIC_ROOT before copying.",
        )  # fmt: skip
        parser.add_argument(
            "-n", "--dry-run", action="store_true",
            help="Do everything except modify the file system.",
        )  # fmt: skip
        parser.add_argument(
            "-i", "--ignore", action="append", default=[], dest="ignore_patterns",
            metavar="PATTERN",
            help="Ignore files and directories matching this glob-style pattern (repeat for "
            "several).",
        )  # fmt: skip
        parser.add_argument(
            "--no-default-ignore", action="store_false", dest="use_default_ignore_patterns",
            help="Do not ignore the common private patterns 'CVS', '.*' and '*~'.",
        )  # fmt: skip

    def handle(self, *args: t.Any, **options: t.Any) -> str | None:
        """Ask for confirmation if needed, collect, and return the summary."""
        self.verbosity = int(options.get("verbosity", 1))
        self.dry_run = bool(options.get("dry_run"))
        self.clear = bool(options.get("clear"))
        self.ignore_patterns = list(options.get("ignore_patterns") or [])
        if options.get("use_default_ignore_patterns", True):
            self.ignore_patterns += DEFAULT_IGNORE_PATTERNS
        self.destination = static_root()
        directories = self.source_directories()
        if options.get("interactive", True):
            self.confirm()
        collected = self.collect(directories)
        if self.verbosity < 1:
            return None
        count = len(collected.copied)
        action = "would be copied" if self.dry_run else "copied"
        summary = (
            f"\n{count} static file{'' if count == 1 else 's'} {action} to '{self.destination}'"
        )
        if collected.unmodified:
            summary += f", {len(collected.unmodified)} unmodified"
        return summary + "."

    def log(self, message: str, level: int = 2) -> None:
        """Write ``message`` to stdout when the verbosity is ``level`` or more."""
        if self.verbosity >= level:
            self.stdout.write(message)

    def warn(self, message: str) -> None:
        """Write ``message`` to stderr, unless the verbosity is 0."""
        if self.verbosity >= 1:
            self.stderr.write(message)

    def source_directories(self) -> list[StaticDirectory]:
        """Return the static directories that exist, refusing a STATIC_ROOT overlapping one."""
        try:
            directories = find_static_directories(
                settings.STATICFILES_DIRS, settings.INSTALLED_APPS
            )
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        destination = os.path.realpath(self.destination)
        existing: list[StaticDirectory] = []
        for prefix, directory in directories:
            if not directory.is_dir():
                self.warn(
                    f"Skipping the static directory '{directory}': it does not exist. Create "
                    "it, or remove it from STATICFILES_DIRS."
                )
                continue
            source = os.path.realpath(directory)
            if _inside(destination, source):
                where = "is" if destination == source else "is inside"
                raise CommandError(
                    f"STATIC_ROOT '{self.destination}' {where} the static directory "
                    f"'{directory}': the files would be collected into a directory they are "
                    "collected from. Set STATIC_ROOT to a directory of its own, such as "
                    "STATIC_ROOT = BASE_DIR / 'staticfiles'."
                )
            if _inside(source, destination):
                raise CommandError(
                    f"STATIC_ROOT '{self.destination}' contains the static directory "
                    f"'{directory}': collected files would mix with the sources, and --clear "
                    "would delete them. Set STATIC_ROOT to a directory of its own, such as "
                    "STATIC_ROOT = BASE_DIR / 'staticfiles'."
                )
            existing.append((prefix, directory))
        return existing

    def confirm(self) -> None:
        """Ask before writing into a STATIC_ROOT that has files; raise CommandError unless 'yes'."""
        if not _has_entries(self.destination):
            return
        message = "\n"
        if self.dry_run:
            message += "You have activated the --dry-run option so no files will be modified.\n\n"
        message += (
            "You have requested to collect static files at the destination\n"
            f"location as specified in your settings:\n\n    {self.destination}\n\n"
        )
        if self.clear:
            message += "This will DELETE ALL FILES in this location!\n"
        else:
            message += "This will overwrite existing files!\n"
        message += (
            "Are you sure you want to do this?\n\nType 'yes' to continue, or 'no' to cancel: "
        )
        self.stdout.write(message, ending="")
        self.stdout.flush()
        try:
            answer = input()
        except EOFError:
            raise CommandError(
                "Collecting static files cancelled: there was no answer on standard input. "
                "Pass --noinput to collect without asking."
            ) from None
        if answer.strip() != "yes":
            raise CommandError("Collecting static files cancelled.")

    def collect(self, directories: Sequence[StaticDirectory]) -> Collected:
        """Clear STATIC_ROOT if asked, then copy each found file whose copy is out of date."""
        if self.clear:
            self.clear_destination()
        collected = Collected()
        found: dict[str, str] = {}
        for prefix, directory in directories:
            files = list_files(os.fspath(directory), self.ignore_patterns, self.escaped)
            for relative, source in files:
                path = f"{prefix}/{relative}" if prefix else relative
                if path in found:
                    self.log(
                        f"Found another file with the destination path '{path}'. It will be "
                        "ignored since only the first encountered file is collected "
                        f"('{found[path]}'). If this is not what you want, make sure every "
                        "static file has a unique path.",
                        level=1,
                    )
                    continue
                found[path] = source
                if self.copy_file(source, path):
                    collected.copied.append(path)
                else:
                    collected.unmodified.append(path)
        return collected

    def escaped(self, link: str, target: str) -> None:
        """Warn that the symbolic link ``link`` leads out of its static directory."""
        self.warn(
            f"Skipping '{link}': it is a symbolic link to '{target}', outside its static "
            "directory, so it is not followed (runserver does not serve it either). List "
            "its target in STATICFILES_DIRS instead."
        )

    def copy_file(self, source: str, path: str) -> bool:
        """Copy ``source`` to ``path`` under STATIC_ROOT; return False if it was up to date."""
        target = os.path.join(self.destination, *path.split("/"))
        if not self.clear and _up_to_date(source, target):
            self.log(f"Skipping '{path}' (not modified)")
            return False
        if self.dry_run:
            self.log(f"Pretending to copy '{source}'", level=1)
            return True
        self.log(f"Copying '{source}'")
        try:
            _copy(source, target)
        except OSError as exc:
            raise CommandError(
                f"Could not copy '{source}' to '{target}': {exc}. Check that STATIC_ROOT is "
                "writable, and that no static file has the path of another's directory."
            ) from exc
        return True

    def clear_destination(self) -> None:
        """Delete every file, link and directory under STATIC_ROOT (keeping STATIC_ROOT)."""
        if not os.path.isdir(self.destination):
            return
        for parent, dirnames, filenames in os.walk(self.destination, topdown=False):
            for name in filenames:
                path = os.path.join(parent, name)
                if self.dry_run:
                    self.log(f"Pretending to delete '{path}'", level=1)
                else:
                    self.log(f"Deleting '{path}'", level=1)
                    os.unlink(path)
            for name in dirnames:
                path = os.path.join(parent, name)
                if self.dry_run:
                    continue
                # os.walk does not descend into a linked directory: remove the link only.
                if os.path.islink(path):
                    os.unlink(path)
                else:
                    os.rmdir(path)


def static_root() -> str:
    """Return the absolute ``STATIC_ROOT``, or raise CommandError saying how to set it."""
    root = getattr(settings, "STATIC_ROOT", None)
    if not root:
        raise CommandError(
            "STATIC_ROOT is not set: collectstatic copies the static files into that "
            "directory, for the web server to serve. Set it in the settings to a filesystem "
            "path of its own, for example STATIC_ROOT = BASE_DIR / 'staticfiles'."
        )
    path: str = os.fspath(root)
    return os.path.abspath(path)


def _has_entries(directory: str) -> bool:
    try:
        with os.scandir(directory) as scan:
            return any(True for _ in scan)
    except (FileNotFoundError, NotADirectoryError):
        return False


def _up_to_date(source: str, target: str) -> bool:
    """Return whether ``target`` is a regular file of the same size and not older."""
    try:
        copy = os.lstat(target)
    except OSError:
        return False
    original = os.stat(source)
    return (
        stat.S_ISREG(copy.st_mode)
        and copy.st_size == original.st_size
        and copy.st_mtime_ns >= original.st_mtime_ns
    )


def _copy(source: str, target: str) -> None:
    """Copy ``source``'s content and mtime to ``target``, replacing it atomically.

    The copy is written next to the target and renamed over it, so a web server never sends
    half a file, and a link at ``target`` is replaced rather than written through. The new
    file gets the default permissions (umask), not the source's.
    """
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = os.path.join(
        os.path.dirname(target), f".{os.path.basename(target)}.{uuid.uuid4().hex}.tmp"
    )
    try:
        with open(source, "rb") as src, open(temporary, "xb") as dst:
            shutil.copyfileobj(src, dst)
        original = os.stat(source)
        os.utime(temporary, ns=(original.st_atime_ns, original.st_mtime_ns))
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
