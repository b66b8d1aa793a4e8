"""The names the preview answers to: a request for any other Host gets 400.

A web page elsewhere can point a name of its own at 127.0.0.1 (DNS rebinding) and read the
preview through the visitor's browser, as if it were its own site. The browser still sends
that name in the Host header, so the server answers only its own names: the address it
listens on, `localhost`, `127.0.0.1` and `[::1]`, with any port. Listening on every address
(`--host 0.0.0.0`), it also answers the machine's names and any IP address written as such:
an address cannot be rebound, only a name can. `--allow-host` adds a name (a DNS alias, a
proxy's name).

Starlette's TrustedHostMiddleware is not used: it splits the header on ':', and so never
matches an IPv6 address in brackets.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("0.0.0.0", "::", "")
_HOST = re.compile(r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<name>[^\[\]:]+))(?::(?P<port>[0-9]{1,5}))?")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class AllowedHosts:
    """The names and addresses a Host header may carry."""

    names: frozenset[str]  # lower case
    addresses: frozenset[Address]
    any_address: bool = False  # listening on every address: any IP address literal

    def allow(self, header: str) -> bool:
        """Whether a Host header (name or address, and an optional port) is one of these."""
        match = _HOST.fullmatch(header)
        if match is None or int(match["port"] or 0) > 65535:
            return False
        if match["ipv6"] is not None:
            address = _address(match["ipv6"])
            return isinstance(address, ipaddress.IPv6Address) and self._allow_address(address)
        name = match["name"].lower()
        address = _address(name)
        return self._allow_address(address) if address is not None else name in self.names

    def _allow_address(self, address: Address) -> bool:
        return self.any_address or address in self.addresses


def allowed_hosts(listen: str, extra: Iterable[str] = ()) -> AllowedHosts:
    """What the server listening on listen answers to: loopback and that address; on every
    address (or a non-loopback one), the machine's names too; and the names in extra."""
    given = {listen.strip("[]").lower(), *LOOPBACK_NAMES, *(name.strip("[]").lower() for name in extra)}
    wildcard = listen.strip("[]") in WILDCARDS
    if wildcard or not _loopback(listen.strip("[]")):
        given |= machine_names()
    addresses = {address for name in given if (address := _address(name)) is not None}
    names = {name for name in given if _address(name) is None and name}
    return AllowedHosts(frozenset(names), frozenset(addresses), any_address=wildcard)


def machine_names() -> set[str]:
    """This computer's names, as a browser on the network may be given them."""
    host = socket.gethostname().lower()
    names = {host, f"{host}.local"} if host else set()
    try:
        names.add(socket.getfqdn().lower())
    except OSError:
        pass
    return names


def _loopback(listen: str) -> bool:
    address = _address(listen)
    return listen.lower() == "localhost" or (address is not None and address.is_loopback)


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class HostGuard:
    """ASGI middleware: 400 for a request whose Host header is missing or not allowed."""

    def __init__(self, app: ASGIApp, allowed: AllowedHosts) -> None:
        self.app, self.allowed = app, allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.allowed.allow(_host(scope)):
            await PlainTextResponse("Bad Request: this server answers to its own names only (Host)",
                                    status_code=400)(scope, receive, send)
        elif scope["type"] == "websocket" and not self.allowed.allow(_host(scope)):
            await send({"type": "websocket.close", "code": 1008})
        else:
            await self.app(scope, receive, send)


def _host(scope: Scope) -> str:
    """The request's Host header, empty when there is none (or more than one)."""
    hosts = [value for key, value in scope["headers"] if key == b"host"]
    return hosts[0].decode("latin-1") if len(hosts) == 1 else ""
