//! Who uses the workspace. By default one person, who holds the token printed at start
//! (`--auth token`). For a team (`--auth proxy`), the Caf's reverse proxy authenticates each
//! user (its sign-on) and names them in a header: a request is then admitted only from a
//! trusted proxy's address (`--trusted-proxy`, CIDR) and with that header, whose value is
//! the user recorded in the versions, the journal and the presence of the page.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderName;

use crate::i18n::Message;

/// How requests are admitted.
#[derive(Clone, Debug, Default)]
pub enum Auth {
    /// One person: the token printed at start, in each request's `Authorization: Bearer`.
    #[default]
    Token,
    /// A team behind an authenticating reverse proxy.
    Proxy(Proxy),
}

/// The proxy a team's requests come through.
#[derive(Clone, Debug)]
pub struct Proxy {
    /// The header that names the user (`X-Remote-User`, say).
    pub header: HeaderName,
    /// The addresses requests may come from.
    pub trusted: Vec<Cidr>,
}

/// A network: an address and how many of its leading bits count (`127.0.0.3/32`,
/// `10.0.0.0/8`, `::1/128`; a bare address is the one address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    bits: u8,
}

/// A text that is not a network.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not an address nor a network (`10.0.0.0/8`, `127.0.0.1/32`, `::1/128`)")]
pub struct NotACidr(pub String);

impl std::str::FromStr for Cidr {
    type Err = NotACidr;

    fn from_str(text: &str) -> Result<Cidr, NotACidr> {
        let refused = || NotACidr(text.to_string());
        let (address, bits) = match text.trim().split_once('/') {
            Some((address, bits)) => (address, Some(bits)),
            None => (text.trim(), None),
        };
        let network: IpAddr = address.parse().map_err(|_| refused())?;
        let most = if network.is_ipv4() { 32 } else { 128 };
        let bits = match bits {
            Some(bits) => bits.parse::<u8>().map_err(|_| refused())?,
            None => most,
        };
        if bits > most {
            return Err(refused());
        }
        Ok(Cidr { network, bits })
    }
}

impl Cidr {
    /// Whether `address` is in this network (an IPv4 address mapped in IPv6 counts as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        let mask = |bits: u8, width: u32| -> u128 {
            match bits {
                0 => 0,
                bits => (u128::MAX << (width - u32::from(bits))) & (u128::MAX >> (128 - width)),
            }
        };
        match (self.network, address) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                let m = mask(self.bits, 32);
                u128::from(u32::from(net)) & m == u128::from(u32::from(a)) & m
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                let m = mask(self.bits, 128);
                u128::from(net) & m == u128::from(a) & m
            }
            _ => false,
        }
    }
}

/// A public address the proxy serves the workspace at (`https://convgen.caf.example`): its
/// `Host` value and its origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    pub host: String,
    pub origin: String,
}

/// A text that is not an `http://` or `https://` address.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a public address: write `https://host` or `https://host:port`")]
pub struct NotAUrl(pub String);

impl std::str::FromStr for PublicUrl {
    type Err = NotAUrl;

    fn from_str(text: &str) -> Result<PublicUrl, NotAUrl> {
        let refused = || NotAUrl(text.to_string());
        let (scheme, rest) = text.trim().split_once("://").ok_or_else(refused)?;
        let scheme = scheme.to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https") {
            return Err(refused());
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        if host.is_empty() || !host.chars().all(valid) {
            return Err(refused());
        }
        let host = host.to_ascii_lowercase();
        Ok(PublicUrl {
            origin: format!("{scheme}://{host}"),
            host,
        })
    }
}

/// The `Host` values a server answers to and the origins its page runs from: the address it
/// listens on (and `localhost` for loopback), and the public address when given.
pub fn hosts_and_origins(
    address: SocketAddr,
    public: Option<&PublicUrl>,
) -> (Vec<String>, Vec<String>) {
    let mut hosts = super::guard::hosts(address);
    let mut origins: Vec<String> = hosts.iter().map(|h| format!("http://{h}")).collect();
    if let Some(public) = public {
        hosts.push(public.host.clone());
        origins.push(public.origin.clone());
    }
    (hosts, origins)
}

/// How `serve` admits requests (`proxy`: `--auth proxy`), and the public address it is
/// served at, from its options `--user-header`, `--trusted-proxy` and `--public-url`; or
/// what is wrong with them.
pub fn from_options(
    proxy: bool,
    (header, trusted, public_url): (Option<String>, &[String], Option<&str>),
) -> Result<(Auth, Option<PublicUrl>), Message> {
    let invalid = |option: &str, value: &str| Message::ProxyOptionInvalid {
        option: option.to_string(),
        value: value.to_string(),
    };
    let public = match public_url {
        Some(url) => Some(url.parse().map_err(|_| invalid("--public-url", url))?),
        None => None,
    };
    if !proxy {
        let given = [
            ("--user-header", header.is_some()),
            ("--trusted-proxy", !trusted.is_empty()),
            ("--public-url", public.is_some()),
        ];
        if let Some((option, _)) = given.iter().find(|(_, given)| *given) {
            let option = option.to_string();
            return Err(Message::ProxyOptionWithoutProxy { option });
        }
        return Ok((Auth::Token, None));
    }
    let header = header.ok_or(Message::ProxyNeedsUserHeader)?;
    let name = HeaderName::from_bytes(header.trim().as_bytes())
        .map_err(|_| invalid("--user-header", &header))?;
    if trusted.is_empty() {
        return Err(Message::ProxyNeedsTrustedProxy);
    }
    let trusted = (trusted.iter())
        .map(|cidr| cidr.parse().map_err(|_| invalid("--trusted-proxy", cidr)))
        .collect::<Result<Vec<_>, _>>()?;
    let proxy = Proxy {
        header: name,
        trusted,
    };
    Ok((Auth::Proxy(proxy), public))
}

/// The user a request is made for: named by the proxy, or nobody in token mode. Handlers
/// take it as an extractor; the guard puts it in the request's extensions.
#[derive(Clone, Debug, Default)]
pub struct User(pub Option<String>);

impl User {
    pub fn name(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for User {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<User>().cloned().unwrap_or_default())
    }
}

/// Longest user name taken from the header.
const MAX_USER: usize = 256;

/// Why a request through the proxy is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not from a trusted proxy's address: 403.
    Untrusted,
    /// From the proxy, without a user: 401.
    NoUser,
}

/// The user of a request in proxy mode, if it comes from a trusted address and names one.
pub fn proxy_user(
    proxy: &Proxy,
    peer: Option<SocketAddr>,
    headers: &axum::http::HeaderMap,
) -> Result<String, Refusal> {
    let trusted = peer.is_some_and(|peer| proxy.trusted.iter().any(|c| c.contains(peer.ip())));
    if !trusted {
        return Err(Refusal::Untrusted);
    }
    let mut values = headers.get_all(&proxy.header).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(Refusal::NoUser);
    };
    let name = String::from_utf8(value.as_bytes().to_vec()).map_err(|_| Refusal::NoUser)?;
    let name = name.trim();
    if name.is_empty() || name.len() > MAX_USER || name.chars().any(char::is_control) {
        return Err(Refusal::NoUser);
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_hold_their_addresses() {
        let cidr = |t: &str| t.parse::<Cidr>().unwrap();
        let ip = |t: &str| t.parse::<IpAddr>().unwrap();
        assert!(cidr("127.0.0.3/32").contains(ip("127.0.0.3")));
        assert!(!cidr("127.0.0.3/32").contains(ip("127.0.0.1")));
        assert!(cidr("10.0.0.0/8").contains(ip("10.20.30.40")));
        assert!(!cidr("10.0.0.0/8").contains(ip("11.0.0.1")));
        assert!(cidr("0.0.0.0/0").contains(ip("192.0.2.1")));
        assert!(cidr("127.0.0.3").contains(ip("::ffff:127.0.0.3")));
        assert!(cidr("::1/128").contains(ip("::1")));
        assert!(cidr("fd00::/8").contains(ip("fd12::1")));
        assert!(!cidr("fd00::/8").contains(ip("127.0.0.1")));
        for wrong in ["", "10.0.0.0/33", "::1/129", "localhost", "10.0.0.0/x"] {
            assert!(wrong.parse::<Cidr>().is_err(), "{wrong}");
        }
    }

    #[test]
    fn public_addresses_give_their_host_and_origin() {
        let url: PublicUrl = "https://Convgen.caf.example/".parse().unwrap();
        assert_eq!(url.host, "convgen.caf.example");
        assert_eq!(url.origin, "https://convgen.caf.example");
        let url: PublicUrl = "http://127.0.0.1:8443".parse().unwrap();
        assert_eq!(url.host, "127.0.0.1:8443");
        for wrong in ["convgen.caf.example", "ftp://x", "https://", "https://a b"] {
            assert!(wrong.parse::<PublicUrl>().is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_user_is_taken_only_from_a_trusted_proxy() {
        let proxy = Proxy {
            header: HeaderName::from_static("x-remote-user"),
            trusted: vec!["127.0.0.3/32".parse().unwrap()],
        };
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-remote-user", "alice".parse().unwrap());
        let from = |ip: &str| Some(SocketAddr::new(ip.parse().unwrap(), 40000));
        assert_eq!(
            proxy_user(&proxy, from("127.0.0.3"), &headers),
            Ok("alice".into())
        );
        assert_eq!(
            proxy_user(&proxy, from("127.0.0.1"), &headers),
            Err(Refusal::Untrusted)
        );
        assert_eq!(proxy_user(&proxy, None, &headers), Err(Refusal::Untrusted));
        let empty = axum::http::HeaderMap::new();
        assert_eq!(
            proxy_user(&proxy, from("127.0.0.3"), &empty),
            Err(Refusal::NoUser)
        );
        headers.append("x-remote-user", "bob".parse().unwrap());
        assert_eq!(
            proxy_user(&proxy, from("127.0.0.3"), &headers),
            Err(Refusal::NoUser),
            "two names: neither"
        );
    }
}
