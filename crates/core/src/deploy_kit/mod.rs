//! What an admin deploys, generated from the one key table ([`crate::config::keys`]) and the
//! support codes in the sources: a JSON Schema of the keys, a ProfileManifests manifest, an
//! example configuration profile per deployment, and the troubleshooting table. A test per file
//! fails when the committed file differs from what this module generates; regenerate them all
//! with `BATON_UPDATE_DOCS=1 cargo test -p baton-core deploy_kit::`.

pub mod it_notes;
pub mod manifest;
pub mod profiles;
pub mod schema;
// Read by its drift test only (it scans the sources with patterns): nothing at run time needs it.
#[cfg(test)]
pub mod troubleshooting;

use plist::Value;

/// A stable, uppercase, RFC 4122-shaped UUID (version 8, name-based on SHA-256) for a payload
/// identifier, so regenerated profiles keep their `PayloadUUID`s.
pub fn payload_uuid(identifier: &str) -> String {
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        format!("dev.baton.Baton payload {identifier}").as_bytes(),
    );
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest.as_ref()[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A property list as XML, with `comment` placed after the document type (plist readers,
/// Baton's included, skip comments).
pub fn plist_xml(value: &Value, comment: &str) -> String {
    let mut bytes = Vec::new();
    value
        .to_writer_xml(&mut bytes)
        .expect("a property list built in memory serialises");
    let xml = String::from_utf8(bytes).expect("plist XML is UTF-8");
    let marker = "<plist version=\"1.0\">";
    let comment = format!("<!--\n{}\n-->\n", comment.replace("--", "—"));
    let mut out = xml.replacen(marker, &format!("{comment}{marker}"), 1);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The repository root, for the drift tests.
#[cfg(test)]
pub(crate) fn repo_path(relative: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// Compares a committed generated file with what the code generates now; with
/// `BATON_UPDATE_DOCS` set, writes it first.
#[cfg(test)]
pub(crate) fn assert_generated(relative: &str, generated: &str) {
    let path = repo_path(relative);
    if std::env::var_os("BATON_UPDATE_DOCS").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&path, generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{relative} is out of date: run BATON_UPDATE_DOCS=1 cargo test -p baton-core deploy_kit::"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_uuids_are_stable_distinct_and_well_formed() {
        let a = payload_uuid("dev.baton.Baton.profile.kiosk");
        assert_eq!(a, payload_uuid("dev.baton.Baton.profile.kiosk"));
        assert_ne!(a, payload_uuid("dev.baton.Baton.profile.technician"));
        let shape = regex::Regex::new(
            r"^[0-9A-F]{8}-[0-9A-F]{4}-8[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$",
        )
        .unwrap();
        assert!(shape.is_match(&a), "{a}");
    }

    #[test]
    fn the_comment_goes_inside_the_document_and_the_plist_still_reads() {
        let mut dict = plist::Dictionary::new();
        dict.insert("A".into(), Value::String("b".into()));
        let xml = plist_xml(&Value::Dictionary(dict.clone()), "made -- here");
        assert!(
            xml.contains("<!--\nmade — here\n-->\n<plist version=\"1.0\">"),
            "{xml}"
        );
        let back = Value::from_reader(std::io::Cursor::new(xml.as_bytes())).unwrap();
        assert_eq!(back, Value::Dictionary(dict));
    }
}
