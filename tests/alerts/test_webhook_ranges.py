"""The webhook address check: an IPv6 form that embeds or maps a non-public IPv4 address is
refused whatever the form, and so is site-local; public addresses in those forms pass."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newswatch.alerts.webhook import TargetRefused, check_target, refusal_reason

V4 = ipaddress.IPv4Address
V6 = ipaddress.IPv6Address
NON_PUBLIC_V4 = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
]  # fmt: skip
# Each form puts an IPv4 address into an IPv6 one the way its RFC does.
FORMS: dict[str, Callable[[V4], V6]] = {
    "IPv4-mapped": lambda v4: V6(0xFFFF << 32 | int(v4)),
    "IPv4-translated": lambda v4: V6(0xFFFF << 48 | int(v4)),
    "IPv4-compatible": lambda v4: V6(int(v4)),
    "NAT64": lambda v4: V6(0x64FF9B << 96 | int(v4)),
    "6to4": lambda v4: V6(0x2002 << 112 | int(v4) << 80 | 1),
    "Teredo": lambda v4: V6(0x20010000 << 96 | int(v4) << 64 | (~int(v4) & 0xFFFFFFFF)),
}
# Python's own classification decides the odd corners (192.0.0.9 is global inside 192.0.0.0/24).
non_public_v4 = (
    st.sampled_from(NON_PUBLIC_V4)
    .flatmap(lambda net: st.ip_addresses(network=net))
    .filter(lambda ip: not ip.is_global)
)
public_v4 = st.ip_addresses(v=4).filter(lambda ip: ip.is_global and not ip.is_multicast)


@pytest.mark.parametrize(
    "url",
    [
        "http://[::7f00:1]/x",  # IPv4-compatible loopback
        "http://[64:ff9b::7f00:1]/x",  # NAT64 of loopback
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",  # NAT64 of the metadata address
        "http://[2002:7f00:1::]/x",  # 6to4 of loopback
        "http://[::ffff:0:7f00:1]/x",  # RFC 2765 translated loopback
        "http://[fec0::1]/x",  # site-local
        "http://[2002:a9fe:a9fe::1]/x",  # 6to4 of the metadata address
        "http://[2001:0:a00:1::1]/x",  # Teredo with a private server
    ],
)
def test_ipv6_forms_of_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(TargetRefused, match="webhook_allowlist"):
        check_target(url, [])


@settings(max_examples=300, deadline=None)
@given(v4=non_public_v4, form=st.sampled_from(sorted(FORMS)))
def test_any_form_embedding_a_non_public_ipv4_is_refused(v4: V4, form: str) -> None:
    ip = FORMS[form](v4)
    assert refusal_reason(ip) is not None
    with pytest.raises(TargetRefused):
        check_target(f"http://[{ip}]/hook", [])


@settings(max_examples=200, deadline=None)
@given(v4=public_v4, form=st.sampled_from(["IPv4-mapped", "NAT64", "6to4"]))
def test_public_addresses_in_a_translating_form_pass(v4: V4, form: str) -> None:
    assert refusal_reason(FORMS[form](v4)) is None


@settings(max_examples=300, deadline=None)
@given(ip=st.ip_addresses())
def test_the_check_never_raises_and_refuses_what_python_calls_private(
    ip: V4 | V6,
) -> None:
    reason = refusal_reason(ip)
    if ip.is_private or ip.is_loopback or ip.is_link_local:
        assert reason is not None
