//! API version selection (uem-api.md §3): `Accept: application/json;version=N`; a plain
//! `application/json` (or no `Accept`) means v1. A version above the route's highest is
//! served as the highest one (observed on a real tenant); any other unsupported version is
//! refused (the PATCH switch without `version=2`).

use axum::http::HeaderMap;

/// The outcome of negotiation for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Negotiated {
    Serve(u32),
    Unsupported { requested: u32 },
}

/// The version asked for in `Accept` (`version=N` parameter of any media range), if any.
pub(crate) fn requested(headers: &HeaderMap) -> Option<u32> {
    headers
        .get_all(axum::http::header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split([',', ';']))
        .find_map(|part| {
            let (name, value) = part.split_once('=')?;
            if name.trim().eq_ignore_ascii_case("version") {
                value.trim().trim_matches('"').parse().ok()
            } else {
                None
            }
        })
}

pub(crate) fn negotiate(requested: Option<u32>, supported: &[u32]) -> Negotiated {
    let wanted = requested.unwrap_or(1);
    let Some(&highest) = supported.iter().max() else {
        return Negotiated::Serve(wanted);
    };
    if supported.contains(&wanted) {
        Negotiated::Serve(wanted)
    } else if wanted > highest {
        Negotiated::Serve(highest)
    } else {
        Negotiated::Unsupported { requested: wanted }
    }
}

/// `api-supported-versions` header value, e.g. `1, 2`.
pub(crate) fn supported_header(supported: &[u32]) -> String {
    supported
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("accept", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn reads_the_version_parameter() {
        assert_eq!(requested(&accept("application/json;version=2")), Some(2));
        assert_eq!(requested(&accept("application/json; Version=3")), Some(3));
        assert_eq!(requested(&accept("application/json")), None);
        assert_eq!(requested(&HeaderMap::new()), None);
    }

    #[test]
    fn falls_back_to_the_highest_supported_version() {
        assert_eq!(negotiate(Some(2), &[1]), Negotiated::Serve(1));
        assert_eq!(negotiate(None, &[1]), Negotiated::Serve(1));
        assert_eq!(negotiate(Some(4), &[2]), Negotiated::Serve(2));
    }

    #[test]
    fn refuses_a_version_below_the_supported_ones() {
        assert_eq!(
            negotiate(None, &[2]),
            Negotiated::Unsupported { requested: 1 }
        );
        assert_eq!(
            negotiate(Some(1), &[2]),
            Negotiated::Unsupported { requested: 1 }
        );
        assert_eq!(negotiate(Some(2), &[2]), Negotiated::Serve(2));
    }
}
