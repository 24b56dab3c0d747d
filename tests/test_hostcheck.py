"""Which requests the preview answers (hostcheck.py): only this computer's names and pages."""

from __future__ import annotations

import pytest

from crpsgen.hostcheck import host_allowed, is_loopback, same_origin


def test_loopback_hosts() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


@pytest.mark.parametrize(
    ("host", "listening", "allowed"),
    [
        ("127.0.0.1:8000", "127.0.0.1", True),
        ("localhost:8000", "127.0.0.1", True),
        ("LOCALHOST:8000", "127.0.0.1", True),
        ("localhost", "127.0.0.1", True),
        ("[::1]:8000", "127.0.0.1", True),
        ("127.0.0.2:8000", "127.0.0.1", True),
        ("evil.example:8000", "127.0.0.1", False),  # DNS rebinding: a name pointed at 127.0.0.1
        ("localhost.evil.example:8000", "127.0.0.1", False),
        ("127.0.0.1.evil.example", "127.0.0.1", False),
        ("evil.example@127.0.0.1:8000", "127.0.0.1", False),
        ("localhost:8000/x", "127.0.0.1", False),
        ("", "127.0.0.1", False),
        ("192.168.1.5:8000", "127.0.0.1", False),
        ("192.168.1.5:8000", "192.168.1.5", True),  # the --host given
        ("laptop.local:8000", "laptop.local", True),
        ("192.168.1.5:8000", "0.0.0.0", True),  # listening everywhere: any address typed as digits
        ("[fe80::1]:8000", "::", True),
        ("evil.example:8000", "0.0.0.0", False),  # ...but still no other name
    ],
)
def test_only_loopback_names_and_the_given_host_are_answered(
    host: str, listening: str, allowed: bool
) -> None:
    assert host_allowed(host, listening) is allowed


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("http://LOCALHOST:8000", "localhost:8000", True),
        ("http://localhost:8000", "127.0.0.1:8000", False),  # another origin, even if also this computer
        ("http://evil.example", "127.0.0.1:8000", False),
        ("https://127.0.0.1:8000", "127.0.0.1:8000", False),
        ("http://127.0.0.1:8001", "127.0.0.1:8000", False),
        ("null", "127.0.0.1:8000", False),
        ("http://127.0.0.1:8000/x", "127.0.0.1:8000", False),
    ],
)
def test_the_reload_socket_is_same_origin_only(origin: str, host: str, allowed: bool) -> None:
    assert same_origin(origin, host) is allowed
