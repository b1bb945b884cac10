"""``runserver [addrport]``: serve the project with werkzeug's development server.

The reloader and threads are on by default; with ``DEBUG`` on, static files are served from
``STATIC_URL`` and werkzeug's interactive debugger is on, so the server refuses to listen on
an address other machines can reach. System checks run, and the banner is printed, in the
process that serves (the reloader's child when reloading).
"""

from __future__ import annotations

import datetime
import sys
import typing as t

from werkzeug.serving import is_running_from_reloader, run_simple

import chainweb
from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.management.base import BaseCommand, CommandError, CommandParser
from chainweb.core.servers.address import Address, AddressError, ensure_bindable, parse_addrport
from chainweb.core.servers.static import (
    StaticFilesHandler,
    find_static_directories,
    static_url_prefix,
)

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


class Command(BaseCommand):
    """Start a development web server."""

    help = (
        "Start a lightweight web server for development: it reloads on code changes and, "
        "with DEBUG on, serves static files and werkzeug's interactive debugger."
    )
    # The checks run in the process that serves, see handle().
    requires_system_checks: t.Sequence[str] | str = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Add ``addrport`` and the server switches."""
        parser.add_argument(
            "addrport",
            nargs="?",
            help="Optional port number, or ipaddr:port (default 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--ipv6", "-6", action="store_true", dest="use_ipv6",
            help="Use an IPv6 address (default [::1]:8000).",
        )  # fmt: skip
        parser.add_argument(
            "--nothreading", action="store_false", dest="use_threading",
            help="Serve one request at a time.",
        )  # fmt: skip
        parser.add_argument(
            "--noreload", action="store_false", dest="use_reloader",
            help="Don't restart the server when code changes.",
        )  # fmt: skip
        parser.add_argument(
            "--nostatic", action="store_false", dest="use_static",
            help="Don't serve static files from STATIC_URL, even with DEBUG on.",
        )  # fmt: skip
        parser.add_argument(
            "--nodebugger", action="store_false", dest="use_debugger",
            help="Don't use werkzeug's interactive debugger, even with DEBUG on.",
        )  # fmt: skip
        parser.add_argument("--skip-checks", action="store_true", help="Skip the system checks.")

    def handle(self, *args: t.Any, **options: t.Any) -> None:
        """Check the address, then serve until interrupted."""
        try:
            self._serve(options)
        except (AddressError, ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from exc

    def _serve(self, options: dict[str, t.Any]) -> None:
        address = parse_addrport(options.get("addrport"), options.get("use_ipv6", False))
        use_debugger = bool(settings.DEBUG) and options.get("use_debugger", True)
        if use_debugger and not address.is_local():
            raise CommandError(
                f"DEBUG is on and {address.host} can be reached from other machines: werkzeug's "
                "interactive debugger would let anyone who can reach it run code on this "
                f"machine. Set DEBUG = False, bind a local address ('runserver "
                f"127.0.0.1:{address.port}'), or pass --nodebugger."
            )
        use_reloader = options.get("use_reloader", True)
        from_reloader = is_running_from_reloader()
        if not from_reloader:  # the reloader's child serves the socket its parent bound
            ensure_bindable(address)
        application: WSGIApplication = _not_serving
        if from_reloader or not use_reloader:
            if not options.get("skip_checks"):
                self.stdout.write("Performing system checks...\n\n")
                self.check(display_num_errors=True)
            application = self.get_handler(**options)
            self.write_banner(address, application, use_debugger)
        run_simple(
            address.host,
            address.port,
            application,
            use_reloader=use_reloader,
            use_debugger=use_debugger,
            threaded=options.get("use_threading", True),
        )

    def get_handler(self, **options: t.Any) -> WSGIApplication:
        """Return the WSGI application to serve: the project's, with static files in DEBUG."""
        from chainweb.core.wsgi import get_wsgi_application

        application: WSGIApplication = get_wsgi_application()
        prefix = static_url_prefix(settings.STATIC_URL)
        if settings.DEBUG and options.get("use_static", True) and prefix:
            directories = find_static_directories(
                settings.STATICFILES_DIRS, settings.INSTALLED_APPS
            )
            application = StaticFilesHandler(application, prefix, directories)
        return application

    def write_banner(
        self, address: Address, application: WSGIApplication, use_debugger: bool
    ) -> None:
        """Print when, which version and settings, the URL to open and how to quit."""
        settings_module = getattr(settings, "SETTINGS_MODULE", None)
        using = f"settings {settings_module!r}" if settings_module else "configured settings"
        listening = address.browse_url
        if address.browse_url != f"http://{address.netloc}/":
            listening += f" (listening on all addresses, {address.netloc})"
        lines = [
            datetime.datetime.now().strftime("%B %d, %Y - %X"),
            f"chainweb version {chainweb.__version__}, using {using}",
            f"Starting development server at {listening}",
        ]
        if isinstance(application, StaticFilesHandler):
            count = len(application.directories)
            lines.append(
                f"Serving static files at {application.prefix} from {count} "
                f"{'directory' if count == 1 else 'directories'}"
            )
        if use_debugger:
            lines.append("DEBUG is on: werkzeug's interactive debugger answers unhandled errors")
        quit_command = "CTRL-BREAK" if sys.platform == "win32" else "CONTROL-C"
        lines.append(f"Quit the server with {quit_command}.")
        self.stdout.write("\n".join(lines))
        self.stdout.flush()


def _not_serving(environ: t.Any, start_response: t.Any) -> t.Iterable[bytes]:
    """Stand in for the application in the reloader's parent, which never serves."""
    raise RuntimeError(  # pragma: no cover - werkzeug's reloader parent only waits
        "The reloader's parent process does not serve requests; its child does."
    )
