//! Wall-clock times in the formats the simulator shows.

use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;

/// Seconds since the Unix epoch (for `X-RateLimit-Reset`).
pub(crate) fn epoch_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// RFC 3339 UTC time with milliseconds, e.g. `2024-05-01T10:00:00.123Z` (request log).
/// Always three digits: the well-known `Rfc3339` format drops trailing zeros (`.58Z`).
pub(crate) fn rfc3339_now() -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_default()
}

/// UEM's zone-less ISO time, e.g. `2024-05-01T10:00:00.123` (`LastSeen`).
pub(crate) fn uem_now() -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]"
    );
    OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_have_the_expected_shapes() {
        let rfc = super::rfc3339_now();
        assert!(
            rfc.ends_with('Z') && rfc.len() == "2024-05-01T10:00:00.123Z".len(),
            "{rfc}"
        );
        let uem = super::uem_now();
        assert_eq!(uem.len(), "2024-05-01T10:00:00.123".len(), "{uem}");
        assert!(super::epoch_secs() > 1_700_000_000);
    }
}
