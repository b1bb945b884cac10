"""``chainweb check``: run the system checks and report what they found."""

from __future__ import annotations

import typing as t

from chainweb.core import checks
from chainweb.core.management.base import BaseCommand, CommandError, CommandParser

LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class Command(BaseCommand):
    """Run the system checks; exit with status 1 if a problem is at ``--fail-level`` or above."""

    help = "Check the project for common problems (add --deploy before going to production)."
    # The checks are what this command runs; running them first as well would report twice.
    requires_system_checks: t.Sequence[str] | str = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Add ``--tag``, ``--list-tags``, ``--deploy`` and ``--fail-level``."""
        parser.add_argument(
            "--tag",
            "-t",
            action="append",
            dest="tags",
            metavar="TAG",
            help="Run only the checks with this tag (repeat for several).",
        )
        parser.add_argument(
            "--list-tags", action="store_true", help="List the available check tags and exit."
        )
        parser.add_argument(
            "--deploy", action="store_true", help="Also run the checks for a production deployment."
        )
        parser.add_argument(
            "--fail-level",
            default="ERROR",
            choices=LEVELS,
            help="The level of problem that makes the command exit with status 1 (default: ERROR).",
        )

    def handle(self, *args: t.Any, **options: t.Any) -> None:
        """List the tags, or run the checks and print the report."""
        deploy = bool(options.get("deploy"))
        if options.get("list_tags"):
            self.stdout.write("\n".join(sorted(checks.registry.tags_available(deploy))))
            return
        tags = options.get("tags") or None
        if tags:
            unknown = [tag for tag in tags if not checks.tag_exists(tag, deploy)]
            if unknown:
                available = ", ".join(sorted(checks.registry.tags_available(deploy)))
                deploy_only = checks.registry.tags_available(True) - set(
                    checks.registry.tags_available(False)
                )
                deploy_hint = (
                    f" With --deploy there are also: {', '.join(sorted(deploy_only))}."
                    if deploy_only and not deploy
                    else ""
                )
                raise CommandError(
                    f"There is no system check with the {unknown[0]!r} tag. Pick one of: "
                    f"{available} (chainweb check --list-tags).{deploy_hint}"
                )
        fail_level = options.get("fail_level") or "ERROR"
        if fail_level not in LEVELS:
            raise CommandError(
                f"Unknown --fail-level {fail_level!r}; use one of {', '.join(LEVELS)}."
            )
        self.check(
            tags=tags,
            deploy=deploy,
            display_num_errors=True,
            fail_level=getattr(checks, fail_level),
        )
