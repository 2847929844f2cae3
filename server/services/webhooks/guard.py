"""Webhook addresses never reach private networks (SSRF).

An address is *public* when `ipaddress` calls it global and it is not multicast or
site-local: loopback, RFC 1918, link-local (169.254.x: cloud metadata), CGNAT, 0.0.0.0,
::1, fc00::/7, fe80::/10, IPv4-mapped IPv6 and the documentation ranges are all refused;
6to4 (2002::/16) and NAT64 (64:ff9b::/96) addresses are judged by the IPv4 address inside.

- At registration (`problem`): a literal IP must be public; a name is resolved and every
  address it resolves to must be public (a name that does not resolve yet is accepted:
  delivery checks again).
- At delivery (`pin`): the name is resolved once, every address must be public, and the
  transport connects only to these checked addresses, in order (so a DNS answer that
  changes between the check and the connection cannot redirect the request).
The one exception: `localhost`, 127.0.0.1 and [::1] where the app allows local http
(`WEBHOOK_ALLOW_LOCAL_HTTP`), whose addresses must then be loopback.
"""

from __future__ import annotations

import ipaddress
import socket

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class Refused(Exception):
    """The address may not be reached; the message is recorded on the attempt."""


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public(ip: IP) -> bool:
    """True for an address on the public internet (6to4 and NAT64 by their IPv4 inside)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return False
        if ip.sixtofour is not None:
            return is_public(ip.sixtofour)
        if ip in NAT64:
            return is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return bool(ip.is_global) and not ip.is_multicast


def literal(host: str) -> IP | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def resolve(host: str, port: int) -> list[IP]:
    """Every address `host` resolves to (OSError when it does not resolve)."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[IP] = []
    for *_, sockaddr in found:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in addresses:
            addresses.append(ip)
    return addresses


def _allowed(ip: IP, local: bool) -> bool:
    return ip.is_loopback if local else is_public(ip)


def pin(host: str, port: int, allow_local: bool) -> list[IP]:
    """The checked addresses to connect to; Refused when any address is private."""
    local = allow_local and host.lower() in LOCAL_HOSTS
    ip = literal(host)
    try:
        addresses = [ip] if ip is not None else resolve(host, port)
    except (OSError, UnicodeError) as err:
        raise Refused(f"DNS: {host} does not resolve ({type(err).__name__})") from None
    bad = [a for a in addresses if not _allowed(a, local)]
    if bad or not addresses:
        raise Refused(f"Refused: {host} resolves to a private address ({bad[0] if bad else '-'})")
    return addresses


def problem(host: str, allow_local: bool) -> str | None:
    """`private_address` when `host` is (or resolves to) a private address, else None."""
    try:
        pin(host, 443, allow_local)
    except Refused as err:
        return None if str(err).startswith("DNS:") else "private_address"
    return None
