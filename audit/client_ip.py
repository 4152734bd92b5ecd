"""The client's address: REMOTE_ADDR, or X-Forwarded-For only when REMOTE_ADDR is a configured trusted proxy.

Anyone can send an X-Forwarded-For header; believing it from anyone would let a caller write any address into the
audit log. With TRUSTED_PROXIES set (nginx's address), the header is read right to left, skipping trusted proxies:
the first address that is not one of ours is the client.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    if request is None:
        return None
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop)
        if address is None:
            break  # garbage in the header: stop at the last address a trusted proxy vouched for
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
