"""A command of an installed app, to prove app commands are found."""

from __future__ import annotations

from typing import Any

from chainweb.core.management import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Greet someone."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--shout", action="store_true", help="Greet loudly.")
        parser.add_argument("--punctuation", default="!")
        parser.add_argument("--fail", type=int, metavar="RETURNCODE")

    def handle(self, *args: Any, **options: Any) -> str:
        if options["fail"] is not None:
            raise CommandError(
                f"Cannot greet {options['name']}. Pass a friendlier name.",
                returncode=options["fail"],
            )
        greeting = f"Hello, {options['name']}{options['punctuation']}"
        if options["verbosity"] > 1:
            self.stderr.write("greeting at verbosity 2")
        return greeting.upper() if options["shout"] else greeting
