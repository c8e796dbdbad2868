//! What a barcode scanner (or a person) typed into the scan field, read as a serial number or an
//! asset tag.
//!
//! Scanners send the code in any case, often with a trailing Enter, tab or spaces, and Apple's
//! box labels carry the serial number with a leading `S` (the "(S) Serial No." barcode). The `S`
//! is dropped only when what remains is itself a valid serial; when both readings are valid
//! serials (an 11- or 12-character code starting with `S`), both are tried, as scanned first.
//! Anything may also be an asset tag, tried last.

/// The look-ups one scan stands for, in the order they are tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Serial numbers to try, upper case: as scanned, then without the box label's `S`.
    pub serials: Vec<String>,
    /// The text as an asset tag (case kept, whitespace removed), tried when no serial matched.
    pub asset_tag: String,
}

/// The longest scan accepted (UEM asset numbers are short; a longer text is not a code).
pub const MAX_SCAN: usize = 64;

/// Apple serial numbers: 10 (since 2021), 11 or 12 (earlier) letters and digits.
pub fn is_serial(text: &str) -> bool {
    (10..=12).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Reads a scan; `None` when it holds nothing usable (empty, too long, or characters no
/// serial or asset tag has).
pub fn read(raw: &str) -> Option<Scan> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty()
        || compact.len() > MAX_SCAN
        || !compact.chars().all(|c| c.is_ascii_graphic())
    {
        return None;
    }
    let upper = compact.to_ascii_uppercase();
    let mut serials = Vec::new();
    if is_serial(&upper) {
        serials.push(upper.clone());
    }
    if let Some(rest) = upper.strip_prefix('S') {
        if is_serial(rest) {
            serials.push(rest.to_owned());
        }
    }
    Some(Scan {
        serials,
        asset_tag: compact,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serials(raw: &str) -> Vec<String> {
        read(raw).unwrap().serials
    }

    #[test]
    fn case_and_whitespace_from_the_scanner_are_ignored() {
        assert_eq!(serials("  c02demo00001\r\n"), ["C02DEMO00001"]);
        assert_eq!(serials("C02 DEMO\t00001"), ["C02DEMO00001"]);
    }

    #[test]
    fn the_box_labels_s_is_dropped_when_the_rest_is_a_serial() {
        // 13 characters cannot be a serial: only the reading without the S is tried.
        assert_eq!(serials("SC02DEMO00001"), ["C02DEMO00001"]);
        assert_eq!(serials("sc02demo00001\n"), ["C02DEMO00001"]);
    }

    #[test]
    fn a_serial_that_starts_with_s_is_kept_as_it_is_first() {
        // Both readings are valid serials: as scanned first, then without the S.
        assert_eq!(serials("SC02DEMO0001"), ["SC02DEMO0001", "C02DEMO0001"]);
        // The rest (9 characters) is no serial: the S stays.
        assert_eq!(serials("SXYZ123456"), ["SXYZ123456"]);
    }

    #[test]
    fn anything_else_is_an_asset_tag_with_its_case_kept() {
        let scan = read(" A-0001 \n").unwrap();
        assert!(scan.serials.is_empty());
        assert_eq!(scan.asset_tag, "A-0001");
        // An S before a tag is not a box label.
        assert!(read("SA-0001").unwrap().serials.is_empty());
        // A serial-shaped text may still be an asset tag, tried last.
        assert_eq!(read("C02DEMO00001").unwrap().asset_tag, "C02DEMO00001");
    }

    #[test]
    fn nothing_usable_is_no_scan() {
        assert_eq!(read(""), None);
        assert_eq!(read(" \r\n"), None);
        assert_eq!(read(&"A".repeat(MAX_SCAN + 1)), None);
        assert_eq!(read("C02DEMÖ0001"), None);
        assert!(read(&"A".repeat(MAX_SCAN)).is_some());
    }
}
