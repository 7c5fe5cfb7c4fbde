//! Limits on what one client may try: look-ups and cancellations by code
//! and phone (per address and per code, so a code printed beside a masked
//! phone can't be matched by trying the hidden digits), and bookings per
//! address per hour (so nobody holds every seat with invented phones),
//! with a larger allowance for the centres' kiosks. Token buckets from
//! `governor`, in memory: with several instances each counts its own
//! share, which multiplies the allowance by the number of instances.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use clap::Args;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use ipnet::IpNet;
use linli_model::BookingCode;

use crate::error::{AppError, Limited};

/// The limits, as flags. 0 switches a limit off.
#[derive(Debug, Clone, Args)]
pub struct ThrottleArgs {
    /// Look-ups and cancellations by code and phone per client address per minute.
    #[arg(long, env = "LINLI_LOOKUPS_PER_MINUTE", default_value_t = 10)]
    pub lookups_per_minute: u32,
    /// Look-ups and cancellations of one booking code per hour, from anywhere.
    #[arg(long, env = "LINLI_TRIES_PER_CODE", default_value_t = 10)]
    pub tries_per_code_hour: u32,
    /// Bookings per client address per hour (a phone at home).
    #[arg(long, env = "LINLI_BOOKINGS_PER_HOUR", default_value_t = 20)]
    pub bookings_per_hour: u32,
    /// The centres' kiosks (addresses or networks, e.g. 10.8.0.0/16),
    /// which book for many residents: they get the kiosk allowance.
    #[arg(long, env = "LINLI_KIOSKS", value_delimiter = ',', value_parser = parse_net)]
    pub kiosks: Vec<IpNet>,
    /// Bookings per kiosk address per hour.
    #[arg(long, env = "LINLI_KIOSK_BOOKINGS_PER_HOUR", default_value_t = 600)]
    pub kiosk_bookings_per_hour: u32,
    /// Reverse proxies (addresses or networks) whose X-Forwarded-For names
    /// the client. Off by default: the header is then ignored, as anyone
    /// can send it.
    #[arg(long, env = "LINLI_TRUSTED_PROXY", value_delimiter = ',', value_parser = parse_net)]
    pub trusted_proxy: Vec<IpNet>,
}

/// A network (`10.8.0.0/16`) or one address (`10.9.1.5`, `::1`).
fn parse_net(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("'{text}' is neither an address nor a network like 10.8.0.0/16"))
}

impl Default for ThrottleArgs {
    fn default() -> Self {
        ThrottleArgs {
            lookups_per_minute: 10,
            tries_per_code_hour: 10,
            bookings_per_hour: 20,
            kiosks: Vec::new(),
            kiosk_bookings_per_hour: 600,
            trusted_proxy: Vec::new(),
        }
    }
}

type Keyed<K> = Option<DefaultKeyedRateLimiter<K>>;

/// The limiters of one server.
pub struct Throttles {
    lookups: Keyed<IpAddr>,
    codes: Keyed<BookingCode>,
    bookings: Keyed<IpAddr>,
    kiosk_bookings: Keyed<IpAddr>,
    kiosks: Vec<IpNet>,
    proxies: Vec<IpNet>,
}

/// `n` per `period`, all of them at once if need be (a family booking
/// together, a resident looking twice).
fn bucket<K: std::hash::Hash + Eq + Clone>(n: u32, period: Duration) -> Keyed<K> {
    let n = NonZeroU32::new(n)?;
    let quota = Quota::with_period(period / n.get())?.allow_burst(n);
    Some(DefaultKeyedRateLimiter::keyed(quota))
}

fn check<K: std::hash::Hash + Eq + Clone>(
    limiter: &Keyed<K>,
    key: &K,
    what: Limited,
) -> Result<(), AppError> {
    let Some(limiter) = limiter else {
        return Ok(());
    };
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        AppError::RateLimited {
            what,
            retry_after_secs: wait.as_secs().max(1),
        }
    })
}

impl Throttles {
    pub fn new(a: &ThrottleArgs) -> Throttles {
        const MINUTE: Duration = Duration::from_secs(60);
        const HOUR: Duration = Duration::from_secs(3600);
        Throttles {
            lookups: bucket(a.lookups_per_minute, MINUTE),
            codes: bucket(a.tries_per_code_hour, HOUR),
            bookings: bucket(a.bookings_per_hour, HOUR),
            kiosk_bookings: bucket(a.kiosk_bookings_per_hour, HOUR),
            kiosks: a.kiosks.clone(),
            proxies: a.trusted_proxy.clone(),
        }
    }

    /// One look-up or cancellation of `code` from `client`. Refusals are
    /// logged with the code and address, never the phone.
    pub fn lookup(&self, client: Option<IpAddr>, code: &BookingCode) -> Result<(), AppError> {
        let result = match client {
            Some(ip) => check(&self.lookups, &ip, Limited::Lookups),
            None => Ok(()),
        }
        .and_then(|()| check(&self.codes, code, Limited::Lookups));
        if result.is_err() {
            tracing::warn!(target: "linli::audit", %code, client = ?client, "look-up refused: too many tries");
        }
        result
    }

    /// One booking from `client`: a kiosk's allowance or a phone's.
    pub fn booking(&self, client: Option<IpAddr>) -> Result<(), AppError> {
        let Some(ip) = client else {
            return Ok(());
        };
        let kiosk = self.kiosks.iter().any(|net| net.contains(&ip));
        let limiter = if kiosk {
            &self.kiosk_bookings
        } else {
            &self.bookings
        };
        let result = check(limiter, &ip, Limited::Bookings);
        if result.is_err() {
            tracing::warn!(target: "linli::audit", client = %ip, kiosk, "booking refused: too many from this address");
        }
        result
    }

    /// The client behind `peer`: the peer itself, unless it is a trusted
    /// proxy, then the nearest address in X-Forwarded-For that isn't one
    /// (the ones further left were written by the client and prove nothing).
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> Option<IpAddr> {
        let trusted = |ip: &IpAddr| self.proxies.iter().any(|net| net.contains(ip));
        let peer = peer?;
        if !trusted(&peer) {
            return Some(peer);
        }
        let mut hops = forwarded_for
            .unwrap_or_default()
            .rsplit(',')
            .map(|hop| hop.trim().parse::<IpAddr>());
        // A malformed hop ends the chain: what lies beyond can't be trusted.
        let mut client = peer;
        for hop in hops.by_ref() {
            match hop {
                Ok(ip) if trusted(&ip) => client = ip,
                Ok(ip) => return Some(ip),
                Err(_) => break,
            }
        }
        Some(client)
    }

    /// Whether `peer` is one of the trusted reverse proxies, whose
    /// X-Forwarded-* headers are believed.
    pub fn trusts(&self, peer: Option<IpAddr>) -> bool {
        peer.is_some_and(|ip| self.proxies.iter().any(|net| net.contains(&ip)))
    }

    /// Drops the state of clients and codes that are back to a full
    /// allowance, so memory follows the recent traffic.
    pub fn forget_idle(&self) {
        fn shrink<K: std::hash::Hash + Eq + Clone>(limiter: &Keyed<K>) {
            if let Some(l) = limiter {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
        shrink(&self.lookups);
        shrink(&self.codes);
        shrink(&self.bookings);
        shrink(&self.kiosk_bookings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn kiosks_and_proxies_are_addresses_or_networks() {
        use clap::Parser;
        #[derive(Parser)]
        struct Flags {
            #[command(flatten)]
            throttle: ThrottleArgs,
        }
        let flags = Flags::try_parse_from([
            "linli-server",
            "--kiosks",
            "10.8.0.0/16,10.9.1.5,::1",
            "--trusted-proxy",
            "127.0.0.1",
        ])
        .expect("parses");
        let t = Throttles::new(&flags.throttle);
        assert!(t.kiosks.iter().any(|n| n.contains(&ip("10.8.3.4"))));
        assert!(t.kiosks.iter().any(|n| n.contains(&ip("10.9.1.5"))));
        assert!(!t.kiosks.iter().any(|n| n.contains(&ip("10.9.1.6"))));
        assert!(t.kiosks.iter().any(|n| n.contains(&ip("::1"))));
        assert_eq!(t.proxies, vec![IpNet::from(ip("127.0.0.1"))]);
        assert!(Flags::try_parse_from(["linli-server", "--kiosks", "kiosk-1"]).is_err());
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let open = Throttles::new(&ThrottleArgs::default());
        assert_eq!(
            open.client(Some(ip("10.0.0.9")), Some("1.2.3.4")),
            Some(ip("10.0.0.9")),
            "no trusted proxy: the header is anyone's"
        );
        let behind = Throttles::new(&ThrottleArgs {
            trusted_proxy: vec!["10.0.0.0/24".parse().expect("net")],
            ..ThrottleArgs::default()
        });
        let client = |peer: &str, xff: Option<&str>| behind.client(Some(ip(peer)), xff);
        assert_eq!(client("10.0.0.9", Some("1.2.3.4")), Some(ip("1.2.3.4")));
        assert_eq!(
            client("10.0.0.9", Some("6.6.6.6, 1.2.3.4, 10.0.0.5")),
            Some(ip("1.2.3.4")),
            "the client's own claims on the left are skipped"
        );
        assert_eq!(client("10.0.0.9", None), Some(ip("10.0.0.9")));
        assert_eq!(client("10.0.0.9", Some("junk")), Some(ip("10.0.0.9")));
        assert_eq!(client("8.8.8.8", Some("1.2.3.4")), Some(ip("8.8.8.8")));
    }

    #[test]
    fn kiosks_get_their_allowance_and_phones_theirs() {
        let t = Throttles::new(&ThrottleArgs {
            bookings_per_hour: 2,
            kiosk_bookings_per_hour: 5,
            kiosks: vec!["10.8.0.0/16".parse().expect("net")],
            ..ThrottleArgs::default()
        });
        let phone = Some(ip("1.2.3.4"));
        assert!(t.booking(phone).is_ok() && t.booking(phone).is_ok());
        match t.booking(phone) {
            Err(AppError::RateLimited {
                what: Limited::Bookings,
                retry_after_secs,
            }) => assert!((1..=1800).contains(&retry_after_secs), "{retry_after_secs}"),
            other => panic!("not limited: {other:?}"),
        }
        let kiosk = Some(ip("10.8.1.2"));
        assert!((0..5).all(|_| t.booking(kiosk).is_ok()));
        assert!(t.booking(kiosk).is_err());
        assert!(t.booking(Some(ip("5.6.7.8"))).is_ok(), "per address");
    }

    #[test]
    fn a_code_is_limited_from_every_address_together() {
        let t = Throttles::new(&ThrottleArgs {
            tries_per_code_hour: 3,
            ..ThrottleArgs::default()
        });
        let code: BookingCode = "K7P2QX4M".parse().expect("code");
        for n in 0..3 {
            assert!(t.lookup(Some(ip(&format!("1.1.1.{n}"))), &code).is_ok());
        }
        assert!(t.lookup(Some(ip("2.2.2.2")), &code).is_err());
        let other: BookingCode = "M3R9TW8N".parse().expect("code");
        assert!(t.lookup(Some(ip("2.2.2.2")), &other).is_ok());
        let off = Throttles::new(&ThrottleArgs {
            tries_per_code_hour: 0,
            lookups_per_minute: 0,
            ..ThrottleArgs::default()
        });
        assert!((0..100).all(|_| off.lookup(Some(ip("2.2.2.2")), &code).is_ok()));
    }
}
