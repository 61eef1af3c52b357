//! Who is asking, for the sign-in limit. Behind a reverse proxy (Caddy in `compose.yaml`) every
//! browser reaches the bot from the proxy's address, which the proxy passes on as the last entry
//! of `X-Forwarded-For`. That header is believed only from a peer on a private or loopback
//! network, where the proxy sits: from anywhere else it could be forged, so the peer counts.

use std::net::IpAddr;

use axum::http::HeaderMap;

/// The address a request comes from: the proxy's word for it when the peer is a proxy on a
/// private network, else the peer itself.
pub(super) fn client_address(peer: IpAddr, headers: &HeaderMap) -> IpAddr {
    if !is_private(peer) {
        return peer;
    }
    // The proxy appends the address it saw last; earlier entries come from the client.
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

fn is_private(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private(),
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| v4.is_loopback() || v4.is_private())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn a_proxy_on_the_private_network_is_believed_about_the_last_hop() {
        let caddy: IpAddr = "172.18.0.5".parse().unwrap();
        let seen = client_address(caddy, &headers(&["203.0.113.9"]));
        assert_eq!(seen, "203.0.113.9".parse::<IpAddr>().unwrap());
        let forged_first = client_address(caddy, &headers(&["1.2.3.4, 203.0.113.9"]));
        assert_eq!(forged_first, "203.0.113.9".parse::<IpAddr>().unwrap());
        let two_lines = client_address(caddy, &headers(&["1.2.3.4", "198.51.100.7"]));
        assert_eq!(two_lines, "198.51.100.7".parse::<IpAddr>().unwrap());
        assert_eq!(client_address(caddy, &headers(&[])), caddy);
        assert_eq!(client_address(caddy, &headers(&["nonsense"])), caddy);
    }

    #[test]
    fn a_public_peer_is_itself_whatever_it_says() {
        let peer: IpAddr = "198.51.100.20".parse().unwrap();
        assert_eq!(client_address(peer, &headers(&["10.0.0.1"])), peer);
        let v6: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(client_address(v6, &headers(&["10.0.0.1"])), v6);
        let local: IpAddr = "::1".parse().unwrap();
        assert_eq!(
            client_address(local, &headers(&["203.0.113.9"])),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
    }
}
