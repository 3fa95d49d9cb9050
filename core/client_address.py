"""The client's address, decided in one place for the audit log (accounts.audit), the personal-data
log (members.roster) and the login throttle (django-axes, AXES_CLIENT_IP_CALLABLE).

Any client can send X-Forwarded-For, so by default only the connecting address (REMOTE_ADDR) counts.
Behind reverse proxies, settings.TRUSTED_PROXIES names them (addresses or networks). A request that
arrives from a trusted proxy is followed back through X-Forwarded-For, right to left, past the other
trusted proxies: the first address that is not a trusted proxy is the client. Whatever stands left
of it was written by the client itself and is ignored."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from python_ipware.modern.parsers import parse_ip  # django-ipware's parser: ports, brackets, IPv4-mapped


def client_address(request) -> str | None:
    address = parse_ip(request.META.get("REMOTE_ADDR"))
    if address is None:
        return None
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not _is_trusted(address):
            break
        forwarded = parse_ip(hop)
        if forwarded is None:  # a trusted proxy passed on something unreadable: stop at that proxy
            break
        address = forwarded
    return str(address)


def via_trusted_proxy(request) -> bool:
    """Whether the request's forwarding headers (X-Forwarded-For, -Port) may be believed at all."""
    address = parse_ip(request.META.get("REMOTE_ADDR"))
    return address is not None and _is_trusted(address)


def _is_trusted(address) -> bool:
    return any(address in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an IP address or network.") from None
    return tuple(networks)
