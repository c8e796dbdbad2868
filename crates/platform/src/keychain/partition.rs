//! The partition list of a macOS file-based keychain item, as the Security framework stores it:
//! the `description` of the item's `ACLAuthorizationPartitionID` ACL entry is a property list
//! (`{ Partitions = ("apple:", "teamid:AAPZK3CB24") }`) serialized as XML and written as
//! hexadecimal text.
//!
//! Pure functions, so they are tested on every OS; only the macOS backend calls them.

use plist::{Dictionary, Value};

/// The key of the partition array inside the description dictionary.
pub const PARTITIONS_KEY: &str = "Partitions";

/// A partition description that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartitionError {
    #[error("The partition description is not hexadecimal text.")]
    NotHex,
    #[error("The partition description is not a property list with a dictionary at the top.")]
    NotPlist,
    #[error("The partition description's Partitions entry is not an array of strings.")]
    NotStrings,
    #[error("The partition ID {0:?} is empty or contains whitespace.")]
    BadId(String),
}

/// `AAPZK3CB24` → `teamid:AAPZK3CB24`; entries that already name a kind (`teamid:…`, `apple:`,
/// `apple-tool:`) stay as they are.
pub fn normalize(id: &str) -> Result<String, PartitionError> {
    let id = id.trim();
    if id.is_empty() || id.chars().any(char::is_whitespace) {
        return Err(PartitionError::BadId(id.to_owned()));
    }
    Ok(if id.contains(':') {
        id.to_owned()
    } else {
        format!("teamid:{id}")
    })
}

/// The partitions named in an ACL description (hex of an XML plist). An empty description has
/// none.
pub fn decode(description: &str) -> Result<(Dictionary, Vec<String>), PartitionError> {
    let description = description.trim();
    if description.is_empty() {
        return Ok((Dictionary::new(), Vec::new()));
    }
    let bytes = from_hex(description)?;
    let dict = match Value::from_reader(std::io::Cursor::new(bytes)) {
        Ok(Value::Dictionary(dict)) => dict,
        _ => return Err(PartitionError::NotPlist),
    };
    let partitions = match dict.get(PARTITIONS_KEY) {
        None => Vec::new(),
        Some(Value::Array(values)) => values
            .iter()
            .map(|v| v.as_string().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or(PartitionError::NotStrings)?,
        Some(_) => return Err(PartitionError::NotStrings),
    };
    Ok((dict, partitions))
}

/// The description with `partitions` (XML plist, hex-encoded), keeping any other keys of
/// `dict`.
pub fn encode(mut dict: Dictionary, partitions: &[String]) -> String {
    dict.insert(
        PARTITIONS_KEY.to_owned(),
        Value::Array(partitions.iter().cloned().map(Value::String).collect()),
    );
    let mut xml = Vec::new();
    Value::Dictionary(dict)
        .to_writer_xml(&mut xml)
        .expect("writing a plist to memory cannot fail");
    to_hex(&xml)
}

/// The existing description with `team_ids` added (existing entries first, in their order; no
/// entry twice). `None` when every ID is already there, so the item needs no change.
pub fn merge(existing: &str, team_ids: &[String]) -> Result<Option<String>, PartitionError> {
    let (dict, mut partitions) = decode(existing)?;
    let before = partitions.len();
    for id in team_ids {
        let id = normalize(id)?;
        if !partitions.contains(&id) {
            partitions.push(id);
        }
    }
    Ok((partitions.len() != before).then(|| encode(dict, &partitions)))
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

fn from_hex(text: &str) -> Result<Vec<u8>, PartitionError> {
    if !text.len().is_multiple_of(2) {
        return Err(PartitionError::NotHex);
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |c: u8| (c as char).to_digit(16).ok_or(PartitionError::NotHex);
            Ok((digit(pair[0])? << 4 | digit(pair[1])?) as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn description(partitions: &[&str]) -> String {
        encode(
            Dictionary::new(),
            &partitions.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn team_ids_are_normalized() {
        assert_eq!(normalize(" AAPZK3CB24 ").unwrap(), "teamid:AAPZK3CB24");
        assert_eq!(normalize("teamid:VRPY9KHGX6").unwrap(), "teamid:VRPY9KHGX6");
        assert_eq!(normalize("apple:").unwrap(), "apple:");
        assert!(normalize("").is_err());
        assert!(normalize("AAP ZK3").is_err());
    }

    #[test]
    fn descriptions_round_trip_through_hex_xml() {
        let hex = description(&["apple-tool:", "teamid:ABCDE12345"]);
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{hex}");
        let xml = String::from_utf8(from_hex(&hex).unwrap()).unwrap();
        assert!(xml.contains("<key>Partitions</key>"), "{xml}");
        let (_, partitions) = decode(&hex).unwrap();
        assert_eq!(partitions, ["apple-tool:", "teamid:ABCDE12345"]);
        // Upper-case hex, as other writers may produce, reads the same.
        assert_eq!(decode(&hex.to_uppercase()).unwrap().1, partitions);
    }

    #[test]
    fn merge_adds_missing_ids_after_existing_ones_and_keeps_other_keys() {
        let mut dict = Dictionary::new();
        dict.insert("Other".into(), Value::String("kept".into()));
        let existing = encode(
            dict,
            &["apple-tool:".to_string(), "teamid:AAPZK3CB24".to_string()],
        );
        let merged = merge(
            &existing,
            &["AAPZK3CB24".to_string(), "VRPY9KHGX6".to_string()],
        )
        .unwrap()
        .expect("one ID was missing");
        let (dict, partitions) = decode(&merged).unwrap();
        assert_eq!(
            partitions,
            ["apple-tool:", "teamid:AAPZK3CB24", "teamid:VRPY9KHGX6"]
        );
        assert_eq!(dict.get("Other").and_then(Value::as_string), Some("kept"));
        assert_eq!(
            merge(&merged, &["teamid:VRPY9KHGX6".to_string()]).unwrap(),
            None,
            "nothing to add"
        );
        assert_eq!(
            decode(&merge("", &["X1".to_string()]).unwrap().unwrap())
                .unwrap()
                .1,
            ["teamid:X1"]
        );
    }

    #[test]
    fn malformed_descriptions_are_errors() {
        assert_eq!(decode("abc").unwrap_err(), PartitionError::NotHex);
        assert_eq!(decode("zz").unwrap_err(), PartitionError::NotHex);
        assert_eq!(
            decode(&to_hex(b"not a plist")).unwrap_err(),
            PartitionError::NotPlist
        );
        let mut dict = Dictionary::new();
        dict.insert(PARTITIONS_KEY.into(), Value::Integer(3.into()));
        let mut xml = Vec::new();
        Value::Dictionary(dict).to_writer_xml(&mut xml).unwrap();
        assert_eq!(
            decode(&to_hex(&xml)).unwrap_err(),
            PartitionError::NotStrings
        );
    }
}
