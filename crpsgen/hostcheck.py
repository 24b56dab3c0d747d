"""Which requests the preview answers: only those naming it (no DNS rebinding) and,
for its reload websocket, only from its own pages."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# What a browser sends as Host: a name or an address (IPv6 in brackets), then maybe a port.
HOST_HEADER = re.compile(r"(?:\[(?P<ipv6>[0-9a-fA-F:.]+)\]|(?P<name>[A-Za-z0-9._-]+))(?::[0-9]{1,5})?")
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}  # --host values that listen on every address


def host_allowed(host_header: str, listen_host: str) -> bool:
    """Whether a request's Host header names this preview.

    Only loopback names (localhost, 127.0.0.1, [::1]) and the --host given are
    accepted, so a web page whose own domain name was re-pointed at 127.0.0.1 (DNS
    rebinding) cannot read the preview, drafts included. With --host 0.0.0.0 any
    address typed as digits is accepted too: a rebinding page always uses a name.
    """
    match = HOST_HEADER.fullmatch(host_header)
    if match is None:
        return False
    host = (match["ipv6"] or match["name"]).lower()
    listening = listen_host.lower().strip("[]")
    if is_loopback(host) or host == listening:
        return True
    if listening in WILDCARD_HOSTS:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True
    return False


def same_origin(origin: str, host_header: str) -> bool:
    """Whether a websocket's Origin is the page's own: http://HOST where HOST is the Host header."""
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme == "http" and parts.netloc.lower() == host_header.lower() and not parts.path
