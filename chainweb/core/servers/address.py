"""Parse and check the address ``runserver`` listens on: ``8001``, ``0.0.0.0:8001``, ``[::1]:8000``.

``parse_addrport()`` follows Django's rules; ``ensure_bindable()`` binds the address once
before the server starts, so a port in use or a privileged port gives one clear line
instead of a traceback from deep inside the server.
"""

from __future__ import annotations

import dataclasses
import errno
import ipaddress
import os
import re
import socket

from werkzeug.serving import get_sockaddr, select_address_family

DEFAULT_ADDR = "127.0.0.1"
DEFAULT_IPV6_ADDR = "::1"
DEFAULT_PORT = 8000
#: Ports below this one need administrator rights on most systems.
FIRST_UNPRIVILEGED_PORT = 1024

_ADDRPORT = re.compile(
    r"""^(?:
    (?P<addr>
        (?P<ipv4>\d{1,3}(?:\.\d{1,3}){3}) |          # IPv4 address
        (?P<ipv6>\[[a-fA-F0-9:.]+\]) |               # IPv6 address, in brackets
        (?P<fqdn>[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)  # host name
    ):)?(?P<port>\d+)$""",
    re.VERBOSE,
)


class AddressError(ValueError):
    """The address or port cannot be used; the message says why and what to pass instead."""


@dataclasses.dataclass(frozen=True)
class Address:
    """Where the server listens: a host (IPv6 without brackets) and a port."""

    host: str
    port: int

    @property
    def is_ipv6(self) -> bool:
        """Return whether the host is an IPv6 address."""
        return ":" in self.host

    @property
    def netloc(self) -> str:
        """Return ``host:port``, with an IPv6 host in brackets."""
        host = f"[{self.host}]" if self.is_ipv6 else self.host
        return f"{host}:{self.port}"

    @property
    def browse_url(self) -> str:
        """Return the URL to open in a browser (a local one for an all-addresses bind)."""
        if self.host in ("0.0.0.0", "::"):
            local = Address(DEFAULT_IPV6_ADDR if self.is_ipv6 else DEFAULT_ADDR, self.port)
            return f"http://{local.netloc}/"
        return f"http://{self.netloc}/"

    def is_local(self) -> bool:
        """Return whether only this machine can reach the address (a loopback address)."""
        host = self.host.lower()
        if host == "localhost" or host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback or _mapped_loopback(host)
        except ValueError:
            pass
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return False  # an unknown name: binding it will fail with its own message
        addresses = {info[4][0] for info in infos}
        return bool(addresses) and all(
            ipaddress.ip_address(str(address).split("%")[0]).is_loopback for address in addresses
        )


def _mapped_loopback(host: str) -> bool:
    address = ipaddress.ip_address(host)
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(mapped is not None and mapped.is_loopback)


def parse_addrport(addrport: str | None, use_ipv6: bool = False) -> Address:
    """Return the address named by ``addrport`` as Django's ``runserver`` reads it.

    ``None`` gives ``127.0.0.1:8000`` (``[::1]:8000`` with ``use_ipv6``); ``'8001'``,
    ``'0.0.0.0:8001'``, ``'[::1]:8000'``, ``'localhost:8000'`` and ``'0:8000'`` (all
    addresses) are accepted.

    :raise AddressError: ``addrport`` is not one of these forms, or names no valid address.
    """
    default_host = DEFAULT_IPV6_ADDR if use_ipv6 else DEFAULT_ADDR
    if addrport is None:
        return Address(default_host, DEFAULT_PORT)
    found = _ADDRPORT.match(addrport)
    if found is None:
        raise AddressError(
            f"{addrport!r} is not a valid port number or address:port pair. Pass a port "
            "('8001'), an address and a port ('127.0.0.1:8001', '[::1]:8001'), or a host "
            "name and a port ('localhost:8001')."
        )
    port = int(found["port"])
    if not 0 < port < 65536:
        raise AddressError(
            f"{found['port']!r} is not a valid port number. Pass a port from 1 to 65535, "
            f"such as {DEFAULT_PORT}."
        )
    host = found["addr"]
    if host is None:
        return Address(default_host, port)
    if found["ipv6"]:
        host = host[1:-1]
        _validate(host, ipaddress.IPv6Address, "IPv6", "[::1]", port)
    elif found["ipv4"]:
        if use_ipv6:
            raise AddressError(
                f"{host!r} is not a valid IPv6 address: --ipv6 was given. Pass an IPv6 "
                f"address in brackets, such as '[::1]:{port}', or leave out --ipv6."
            )
        _validate(host, ipaddress.IPv4Address, "IPv4", "127.0.0.1", port)
    elif host == "0":  # Django's shorthand for every address
        host = "::" if use_ipv6 else "0.0.0.0"
    return Address(host, port)


def _validate(
    host: str,
    kind: type[ipaddress.IPv4Address] | type[ipaddress.IPv6Address],
    name: str,
    example: str,
    port: int,
) -> None:
    try:
        kind(host)
    except ValueError:
        raise AddressError(
            f"{host!r} is not a valid {name} address. Pass a valid one, such as '{example}:{port}'."
        ) from None


def ensure_bindable(address: Address) -> None:
    """Bind ``address`` once and release it, as the server will bind it.

    :raise AddressError: the port is in use, needs privileges, or the host is not this
        machine's; the message says what to pass instead.
    """
    family = select_address_family(address.host, address.port)
    try:
        sockaddr = get_sockaddr(address.host, address.port, family)
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            if os.name != "nt":  # the server sets it too; on Windows it would allow stealing
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(sockaddr)
    except OSError as exc:
        raise AddressError(bind_error_message(address, exc)) from exc


def bind_error_message(address: Address, exc: OSError) -> str:
    """Return one line saying why ``address`` cannot be bound and what to do instead."""
    other_port = address.port + 1 if address.port < 65535 else DEFAULT_PORT
    if address.host == DEFAULT_ADDR:
        suggestion = f"'runserver {other_port}'"
    else:
        suggestion = f"'runserver {Address(address.host, other_port).netloc}'"
    if isinstance(exc, socket.gaierror):
        return (
            f"Can't find the host {address.host!r}: {exc.strerror or exc}. Pass an IP address, "
            f"such as '{DEFAULT_ADDR}:{address.port}', or a host name this machine can resolve."
        )
    if exc.errno == errno.EADDRINUSE:
        return (
            "That port is already in use. Stop the other server or pass another port, "
            f"such as {suggestion}."
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        if address.port < FIRST_UNPRIVILEGED_PORT:
            return (
                f"You don't have permission to listen on port {address.port}: ports below "
                f"{FIRST_UNPRIVILEGED_PORT} need administrator rights. Pass a port of "
                f"{FIRST_UNPRIVILEGED_PORT} or above, such as 'runserver {DEFAULT_PORT}'."
            )
        return (
            f"You don't have permission to listen on {address.netloc}. Pass another port, "
            f"such as {suggestion}."
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"Can't listen on {address.host!r}: that address does not belong to this machine. "
            f"Pass one of its addresses, such as '{DEFAULT_ADDR}:{address.port}'."
        )
    return (
        f"Can't listen on {address.netloc}: {exc.strerror or exc}. Pass another address or "
        f"port, such as {suggestion}."
    )
