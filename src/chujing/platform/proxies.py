"""The client's address: the peer's, or, when the peer is a trusted reverse proxy, the one
that proxy names in its header (`CHUJING_TRUSTED_PROXIES`, `CHUJING_TRUSTED_PROXY_HEADER`).

Only trusted proxies are believed: anyone can send an `X-Forwarded-For` header, so without
this a client could pick the address its failed sign-ins are counted against.
"""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from chujing.platform.errors import Invalid

Network = IPv4Network | IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(spec: str) -> tuple[Network, ...]:
    """The comma-separated addresses and networks of `spec`, or an error naming the bad one."""
    networks = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        try:
            networks.append(ip_network(part, strict=False))
        except ValueError as exc:
            raise Invalid(f"无法识别的代理地址：{part}", field="CHUJING_TRUSTED_PROXIES") from exc
    return tuple(networks)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def client_address(peer: str | None, forwarded: str | None, trusted: str) -> str:
    """The client behind `peer`: the right-most address in `forwarded` that is not itself
    a trusted proxy, when `peer` is one; otherwise `peer`."""
    networks = trusted_networks(trusted)
    address = peer or "unknown"
    if not networks or not forwarded or not _trusted(address, networks):
        return address
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not _trusted(hop, networks):
            return hop[:100]
        address = hop
    return address
