"""The public site's pure rules."""

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from haven.public import rules


@given(st.integers(0, 2**128 - 1), st.integers(0, 2**64 - 1))
def test_every_address_in_one_ipv6_64_counts_as_one_sender(address, host):
    one = ipaddress.IPv6Address(address)
    other = ipaddress.IPv6Address((address >> 64 << 64) | host)
    if one.ipv4_mapped is None and other.ipv4_mapped is None:
        assert rules.rate_limit_subject(str(one)) == rules.rate_limit_subject(str(other))


def test_ipv4_addresses_count_one_by_one_however_they_are_written():
    assert rules.rate_limit_subject("203.0.113.7") == "203.0.113.7"
    assert rules.rate_limit_subject("::ffff:203.0.113.7") == "203.0.113.7"
    assert rules.rate_limit_subject("203.0.113.8") != rules.rate_limit_subject("203.0.113.7")


def test_neighbouring_ipv6_networks_are_different_senders():
    assert rules.rate_limit_subject("2001:db8:1:2::1") != rules.rate_limit_subject(
        "2001:db8:1:3::1"
    )


def test_something_that_is_not_an_address_is_counted_as_it_is():
    assert rules.rate_limit_subject("") == ""
