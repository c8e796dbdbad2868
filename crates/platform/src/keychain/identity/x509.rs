//! Just enough X.509 (DER) to choose a client identity: the issuer and subject names (raw, and
//! their common names), the validity period and the public key's kind. No signature is checked
//! here — the relay verifies the chain; this only picks which certificate to present.

use super::{IdentityError, KeyAlgorithm};

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
const VERSION: u8 = 0xa0;

/// 2.5.4.3 (commonName).
const OID_COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
/// 1.2.840.10045.2.1 (id-ecPublicKey).
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// 1.2.840.10045.3.1.7 (prime256v1).
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// 1.3.132.0.34 (secp384r1).
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
/// 1.2.840.113549.1.1.1 (rsaEncryption).
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// Most CA certificates followed above a leaf.
const MAX_CHAIN: usize = 8;

/// A DER structure that is not what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Malformed(pub &'static str);

/// One element: its tag, its contents and the whole encoding.
#[derive(Debug, Clone, Copy)]
struct Tlv<'a> {
    tag: u8,
    value: &'a [u8],
    whole: &'a [u8],
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Reader { rest: data }
    }

    fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn any(&mut self) -> Result<Tlv<'a>, Malformed> {
        let data = self.rest;
        let (&tag, after_tag) = data.split_first().ok_or(Malformed("truncated"))?;
        if tag & 0x1f == 0x1f {
            return Err(Malformed("multi-byte tag"));
        }
        let (&first, mut after_length) = after_tag.split_first().ok_or(Malformed("truncated"))?;
        let length = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 || after_length.len() < count {
                return Err(Malformed("bad length"));
            }
            let (bytes, rest) = after_length.split_at(count);
            after_length = rest;
            bytes.iter().fold(0usize, |n, &b| (n << 8) | usize::from(b))
        };
        if after_length.len() < length {
            return Err(Malformed("truncated"));
        }
        let header = data.len() - after_length.len();
        let (whole, rest) = data.split_at(header + length);
        self.rest = rest;
        Ok(Tlv {
            tag,
            value: &whole[header..],
            whole,
        })
    }

    fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>, Malformed> {
        let tlv = self.any()?;
        if tlv.tag != tag {
            return Err(Malformed(what));
        }
        Ok(tlv)
    }
}

/// What choosing an identity needs from a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Certificate<'a> {
    /// The issuer `Name`, as encoded.
    pub issuer: &'a [u8],
    /// The subject `Name`, as encoded.
    pub subject: &'a [u8],
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    /// `None` for a kind of key Baton does not sign with.
    pub key: Option<KeyAlgorithm>,
}

impl Certificate<'_> {
    pub fn valid_at(&self, now: i64) -> bool {
        self.not_before <= now && now <= self.not_after
    }

    fn self_issued(&self) -> bool {
        self.issuer == self.subject
    }
}

pub(crate) fn parse(der: &[u8]) -> Result<Certificate<'_>, Malformed> {
    let mut outer = Reader::new(der);
    let certificate = outer.expect(SEQUENCE, "not a certificate")?;
    if !outer.is_empty() {
        return Err(Malformed("data after the certificate"));
    }
    let tbs = Reader::new(certificate.value).expect(SEQUENCE, "no TBSCertificate")?;
    let mut tbs = Reader::new(tbs.value);
    if tbs.peek_tag() == Some(VERSION) {
        tbs.any()?;
    }
    tbs.expect(INTEGER, "no serial number")?;
    tbs.expect(SEQUENCE, "no signature algorithm")?;
    let issuer = tbs.expect(SEQUENCE, "no issuer")?;
    let validity = tbs.expect(SEQUENCE, "no validity")?;
    let subject = tbs.expect(SEQUENCE, "no subject")?;
    let spki = tbs.expect(SEQUENCE, "no public key")?;
    let mut validity = Reader::new(validity.value);
    let not_before = time(validity.any()?)?;
    let not_after = time(validity.any()?)?;
    Ok(Certificate {
        issuer: issuer.whole,
        subject: subject.whole,
        not_before,
        not_after,
        key: key_algorithm(spki.value)?,
    })
}

fn key_algorithm(spki: &[u8]) -> Result<Option<KeyAlgorithm>, Malformed> {
    let mut spki = Reader::new(spki);
    let algorithm = spki.expect(SEQUENCE, "no key algorithm")?;
    let key = spki.expect(BIT_STRING, "no key")?;
    let mut algorithm = Reader::new(algorithm.value);
    let oid = algorithm.expect(OID, "no key algorithm OID")?;
    if oid.value == OID_EC_PUBLIC_KEY {
        if algorithm.peek_tag() != Some(OID) {
            return Ok(None);
        }
        let curve = algorithm.expect(OID, "no curve")?;
        return Ok(match curve.value {
            OID_P256 => Some(KeyAlgorithm::EcdsaP256),
            OID_P384 => Some(KeyAlgorithm::EcdsaP384),
            _ => None,
        });
    }
    if oid.value == OID_RSA {
        let (&unused, bits) = key.value.split_first().ok_or(Malformed("empty key"))?;
        if unused != 0 {
            return Err(Malformed("bad RSA key"));
        }
        let rsa = Reader::new(bits).expect(SEQUENCE, "bad RSA key")?;
        let modulus = Reader::new(rsa.value).expect(INTEGER, "no RSA modulus")?;
        let significant: Vec<u8> = modulus
            .value
            .iter()
            .copied()
            .skip_while(|&b| b == 0)
            .collect();
        let Some(&top) = significant.first() else {
            return Err(Malformed("zero RSA modulus"));
        };
        let bits = (significant.len() - 1) * 8 + (8 - top.leading_zeros() as usize);
        return Ok(Some(KeyAlgorithm::Rsa {
            bits: u32::try_from(bits).map_err(|_| Malformed("RSA modulus too large"))?,
        }));
    }
    Ok(None)
}

/// A UTCTime (`YYMMDDHHMMSSZ`, years 1950–2049) or GeneralizedTime (`YYYYMMDDHHMMSSZ`), as
/// DER requires them, in Unix seconds.
fn time(tlv: Tlv<'_>) -> Result<i64, Malformed> {
    let text = tlv.value;
    let (year, rest) = match tlv.tag {
        UTC_TIME if text.len() == 13 => {
            let yy = digits(&text[..2])?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &text[2..])
        }
        GENERALIZED_TIME if text.len() == 15 => (digits(&text[..4])?, &text[4..]),
        _ => return Err(Malformed("bad time")),
    };
    if rest[10] != b'Z' {
        return Err(Malformed("time not in UTC"));
    }
    let month = digits(&rest[0..2])?;
    let day = digits(&rest[2..4])?;
    let hour = digits(&rest[4..6])?;
    let minute = digits(&rest[6..8])?;
    let second = digits(&rest[8..10])?;
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return Err(Malformed("bad time"));
    }
    Ok(days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

fn digits(text: &[u8]) -> Result<i64, Malformed> {
    text.iter().try_fold(0i64, |n, &c| {
        if c.is_ascii_digit() {
            Ok(n * 10 + i64::from(c - b'0'))
        } else {
            Err(Malformed("bad time"))
        }
    })
}

/// Days from 1970-01-01 to the proleptic Gregorian date (years counted from March, so the leap
/// day is last).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The common names in a `Name` (usually one), decoded; undecodable ones are left out.
pub(crate) fn common_names(name: &[u8]) -> Result<Vec<String>, Malformed> {
    let name = Reader::new(name).expect(SEQUENCE, "not a name")?;
    let mut rdns = Reader::new(name.value);
    let mut names = Vec::new();
    while !rdns.is_empty() {
        let rdn = rdns.expect(SET, "not a relative distinguished name")?;
        let mut attributes = Reader::new(rdn.value);
        while !attributes.is_empty() {
            let attribute = attributes.expect(SEQUENCE, "not an attribute")?;
            let mut attribute = Reader::new(attribute.value);
            let oid = attribute.expect(OID, "no attribute type")?;
            let value = attribute.any()?;
            if oid.value == OID_COMMON_NAME {
                if let Some(text) = directory_string(value) {
                    names.push(text);
                }
            }
        }
    }
    Ok(names)
}

fn directory_string(tlv: Tlv<'_>) -> Option<String> {
    match tlv.tag {
        // UTF8String, PrintableString, IA5String
        0x0c | 0x13 | 0x16 => String::from_utf8(tlv.value.to_vec()).ok(),
        // TeletexString: in practice Latin-1
        0x14 => Some(tlv.value.iter().map(|&b| char::from(b)).collect()),
        // BMPString: UTF-16BE
        0x1e if tlv.value.len().is_multiple_of(2) => {
            let units: Vec<u16> = tlv
                .value
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        // UniversalString: UCS-4BE
        0x1c if tlv.value.len().is_multiple_of(4) => tlv
            .value
            .chunks_exact(4)
            .map(|q| char::from_u32(u32::from_be_bytes([q[0], q[1], q[2], q[3]])))
            .collect(),
        _ => None,
    }
}

/// Whether a certificate's issuer common name is the configured one: trimmed, case-insensitive.
pub(crate) fn names_match(common_name: &str, wanted: &str) -> bool {
    common_name.trim().to_lowercase() == wanted.trim().to_lowercase()
}

/// The index and key kind of the certificate to present (see the module documentation of
/// `identity`).
pub(crate) fn choose(
    certificates: &[&[u8]],
    issuer_common_name: &str,
    now: i64,
) -> Result<(usize, KeyAlgorithm), IdentityError> {
    let mut not_valid_now = 0usize;
    let mut unsupported: Option<String> = None;
    let mut best: Option<(usize, KeyAlgorithm, &Certificate<'_>)> = None;
    let parsed: Vec<Option<Certificate<'_>>> = certificates
        .iter()
        .map(|der| match parse(der) {
            Ok(certificate) => Some(certificate),
            Err(Malformed(why)) => {
                tracing::debug!(why, "a keychain certificate could not be read; skipped");
                None
            }
        })
        .collect();
    for (index, certificate) in parsed.iter().enumerate() {
        let Some(certificate) = certificate else {
            continue;
        };
        let issued_by = common_names(certificate.issuer)
            .unwrap_or_default()
            .iter()
            .any(|cn| names_match(cn, issuer_common_name));
        if !issued_by {
            continue;
        }
        if !certificate.valid_at(now) {
            not_valid_now += 1;
            continue;
        }
        let key = match certificate.key {
            Some(key) if !key.signature_schemes().is_empty() => key,
            Some(key) => {
                unsupported = Some(format!("its {key} key is too small"));
                continue;
            }
            None => {
                unsupported = Some(
                    "its key type is not supported (ECDSA P-256/P-384 or RSA 2048+ is)".into(),
                );
                continue;
            }
        };
        let newer = match &best {
            None => true,
            Some((_, _, current)) => {
                (certificate.not_before, certificate.not_after)
                    > (current.not_before, current.not_after)
            }
        };
        if newer {
            best = Some((index, key, certificate));
        }
    }
    match (best, unsupported) {
        (Some((index, key, _)), _) => Ok((index, key)),
        (None, Some(detail)) => Err(IdentityError::Unusable {
            detail: format!("the identity issued by {issuer_common_name:?}: {detail}"),
        }),
        (None, None) => Err(IdentityError::NotFound {
            issuer: issuer_common_name.to_owned(),
            not_valid_now,
        }),
    }
}

/// The CA certificates of `pool` above `leaf`, nearest first, stopping before a self-signed
/// certificate (a root the relay already has), at a CA not in the pool, or after
/// [`MAX_CHAIN`]. Issuers are found by name (the issuer `Name` equal, byte for byte, to the
/// CA's subject); of several, one valid at `now` is preferred.
pub(crate) fn issuer_chain(leaf: &[u8], pool: &[&[u8]], now: i64) -> Vec<Vec<u8>> {
    let pool: Vec<(&[u8], Certificate<'_>)> = pool
        .iter()
        .filter_map(|der| parse(der).ok().map(|c| (*der, c)))
        .collect();
    let mut chain: Vec<Vec<u8>> = Vec::new();
    let Ok(mut current) = parse(leaf) else {
        return chain;
    };
    while chain.len() < MAX_CHAIN && !current.self_issued() {
        let mut issuers = pool.iter().filter(|(der, ca)| {
            ca.subject == current.issuer && *der != leaf && !chain.iter().any(|c| c == der)
        });
        let first = issuers.clone().next();
        let Some((der, ca)) = issuers.find(|(_, ca)| ca.valid_at(now)).or(first) else {
            break;
        };
        if ca.self_issued() {
            break;
        }
        chain.push(der.to_vec());
        current = ca.clone();
    }
    chain
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A DER element.
    pub fn der(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = content.len();
        if n < 0x80 {
            out.push(n as u8);
        } else if n < 0x100 {
            out.extend([0x81, n as u8]);
        } else {
            out.extend([0x82, (n >> 8) as u8, n as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
        der(SEQUENCE, &parts.concat())
    }

    /// A `Name` with one CN (as `tag`, e.g. UTF8String) and an organisation.
    pub fn name(cn: &str, tag: u8) -> Vec<u8> {
        let attr =
            |oid: &[u8], tag: u8, value: &[u8]| der(SET, &seq(&[der(OID, oid), der(tag, value)]));
        seq(&[
            attr(&[0x55, 0x04, 0x0a], 0x0c, b"Example Org"),
            attr(OID_COMMON_NAME, tag, cn.as_bytes()),
        ])
    }

    pub fn p256_key() -> Vec<u8> {
        seq(&[
            seq(&[der(OID, OID_EC_PUBLIC_KEY), der(OID, OID_P256)]),
            der(BIT_STRING, &[0, 4, 1, 2, 3]),
        ])
    }

    fn rsa_key(modulus_bytes: usize) -> Vec<u8> {
        let mut modulus = vec![0u8, 0xc3];
        modulus.resize(modulus_bytes + 1, 0x55);
        let rsa = seq(&[der(INTEGER, &modulus), der(INTEGER, &[1, 0, 1])]);
        let mut bits = vec![0u8];
        bits.extend(rsa);
        seq(&[
            seq(&[der(OID, OID_RSA), der(0x05, &[])]),
            der(BIT_STRING, &bits),
        ])
    }

    /// A certificate (unsigned: the signature is junk) with these names, validity and key.
    pub fn certificate(
        issuer: &[u8],
        subject: &[u8],
        not_before: &str,
        not_after: &str,
        key: &[u8],
    ) -> Vec<u8> {
        let time = |t: &str| {
            der(
                if t.len() == 13 {
                    UTC_TIME
                } else {
                    GENERALIZED_TIME
                },
                t.as_bytes(),
            )
        };
        let tbs = seq(&[
            der(VERSION, &der(INTEGER, &[2])),
            der(INTEGER, &[0x01, 0x23]),
            seq(&[der(OID, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])]),
            issuer.to_vec(),
            seq(&[time(not_before), time(not_after)]),
            subject.to_vec(),
            key.to_vec(),
        ]);
        seq(&[
            tbs,
            seq(&[der(OID, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])]),
            der(BIT_STRING, &[0, 0x30, 0x00]),
        ])
    }

    const CA: &str = "Example Device CA";
    /// 2025-01-01T00:00:00Z
    const NOW: i64 = 1_735_689_600;

    fn leaf(issuer_cn: &str, subject_cn: &str, from: &str, to: &str) -> Vec<u8> {
        certificate(
            &name(issuer_cn, 0x0c),
            &name(subject_cn, 0x0c),
            from,
            to,
            &p256_key(),
        )
    }

    #[test]
    fn dates_count_days_like_the_calendar() {
        for (y, m, d, days) in [
            (1970, 1, 1, 0),
            (2000, 3, 1, 11_017),
            (2024, 2, 29, 19_782),
            (1950, 1, 1, -7_305),
            (2049, 12, 31, 29_219),
        ] {
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn certificates_are_read() {
        let der = certificate(
            &name(CA, 0x13),
            &name("C02XK1ZZJGH5", 0x0c),
            "241231235959Z",
            "20500101000000Z",
            &p256_key(),
        );
        let c = parse(&der).unwrap();
        assert_eq!(c.not_before, NOW - 1);
        assert_eq!(c.not_after, days_from_civil(2050, 1, 1) * 86_400);
        assert_eq!(c.key, Some(KeyAlgorithm::EcdsaP256));
        assert_eq!(common_names(c.issuer).unwrap(), vec![CA.to_owned()]);
        assert_eq!(
            common_names(c.subject).unwrap(),
            vec!["C02XK1ZZJGH5".to_owned()]
        );
        assert_eq!(c.issuer, name(CA, 0x13).as_slice());
    }

    #[test]
    fn key_kinds_are_read_from_the_public_key() {
        let p384 = seq(&[
            seq(&[der(OID, OID_EC_PUBLIC_KEY), der(OID, OID_P384)]),
            der(BIT_STRING, &[0, 4]),
        ]);
        let p521 = seq(&[
            seq(&[
                der(OID, OID_EC_PUBLIC_KEY),
                der(OID, &[0x2b, 0x81, 0x04, 0x00, 0x23]),
            ]),
            der(BIT_STRING, &[0, 4]),
        ]);
        let ed25519 = seq(&[
            seq(&[der(OID, &[0x2b, 0x65, 0x70])]),
            der(BIT_STRING, &[0, 1]),
        ]);
        for (key, expected) in [
            (p256_key(), Some(KeyAlgorithm::EcdsaP256)),
            (p384, Some(KeyAlgorithm::EcdsaP384)),
            (rsa_key(256), Some(KeyAlgorithm::Rsa { bits: 2048 })),
            (rsa_key(384), Some(KeyAlgorithm::Rsa { bits: 3072 })),
            (rsa_key(128), Some(KeyAlgorithm::Rsa { bits: 1024 })),
            (p521, None),
            (ed25519, None),
        ] {
            let der = certificate(
                &name(CA, 0x0c),
                &name("x", 0x0c),
                "240101000000Z",
                "260101000000Z",
                &key,
            );
            assert_eq!(parse(&der).unwrap().key, expected);
        }
    }

    #[test]
    fn common_names_decode_every_string_type() {
        let bmp: Vec<u8> = "Gerät CA"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let universal: Vec<u8> = "Gerät CA"
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        for (tag, bytes) in [
            (0x0c, "Gerät CA".as_bytes().to_vec()),
            (0x14, b"Ger\xe4t CA".to_vec()),
            (0x1e, bmp),
            (0x1c, universal),
        ] {
            let name = seq(&[der(
                SET,
                &seq(&[der(OID, OID_COMMON_NAME), der(tag, &bytes)]),
            )]);
            assert_eq!(
                common_names(&name).unwrap(),
                vec!["Gerät CA".to_owned()],
                "tag {tag:#x}"
            );
        }
    }

    #[test]
    fn malformed_certificates_are_refused_not_panicked_on() {
        let good = leaf(CA, "m", "240101000000Z", "260101000000Z");
        for cut in 0..good.len() {
            assert!(parse(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(parse(&trailing).is_err());
        assert!(parse(&leaf(CA, "m", "2401010000Z", "260101000000Z")).is_err());
        assert!(parse(&leaf(CA, "m", "241301000000Z", "260101000000Z")).is_err());
        assert!(parse(&leaf(CA, "m", "240101000000+", "260101000000Z")).is_err());
    }

    #[test]
    fn the_newest_valid_identity_of_the_issuer_is_chosen() {
        let certs = [
            leaf("Other CA", "a", "240601000000Z", "260101000000Z"),
            leaf(CA, "old", "230101000000Z", "260101000000Z"),
            leaf(CA, "expired", "240801000000Z", "241201000000Z"),
            leaf(CA, "newest", "240701000000Z", "260101000000Z"),
            leaf(CA, "future", "250601000000Z", "270101000000Z"),
            b"not a certificate".to_vec(),
        ];
        let refs: Vec<&[u8]> = certs.iter().map(Vec::as_slice).collect();
        assert_eq!(
            choose(&refs, CA, NOW).unwrap(),
            (3, KeyAlgorithm::EcdsaP256)
        );
        assert_eq!(choose(&refs, "  example DEVICE ca ", NOW).unwrap().0, 3);
        assert_eq!(choose(&refs, "Other CA", NOW).unwrap().0, 0);
        assert_eq!(
            choose(&refs, "Nobody", NOW),
            Err(IdentityError::NotFound {
                issuer: "Nobody".into(),
                not_valid_now: 0
            })
        );
        assert_eq!(
            choose(&refs[1..3], CA, days_from_civil(2026, 6, 1) * 86_400),
            Err(IdentityError::NotFound {
                issuer: CA.into(),
                not_valid_now: 2
            })
        );
    }

    #[test]
    fn identities_with_keys_baton_cannot_sign_with_are_passed_over() {
        let small = certificate(
            &name(CA, 0x0c),
            &name("small", 0x0c),
            "240801000000Z",
            "260101000000Z",
            &rsa_key(128),
        );
        let good = certificate(
            &name(CA, 0x0c),
            &name("good", 0x0c),
            "240101000000Z",
            "260101000000Z",
            &rsa_key(256),
        );
        assert_eq!(
            choose(&[&small, &good], CA, NOW).unwrap(),
            (1, KeyAlgorithm::Rsa { bits: 2048 })
        );
        let err = choose(&[&small], CA, NOW).unwrap_err();
        assert!(
            matches!(&err, IdentityError::Unusable { detail } if detail.contains("too small")),
            "{err}"
        );
    }

    #[test]
    fn the_chain_follows_issuers_and_leaves_out_the_root() {
        let root_name = name("Example Root", 0x0c);
        let ca_name = name(CA, 0x0c);
        let root = certificate(
            &root_name,
            &root_name,
            "200101000000Z",
            "400101000000Z",
            &p256_key(),
        );
        let ca_expired = certificate(
            &root_name,
            &ca_name,
            "200101000000Z",
            "240101000000Z",
            &p256_key(),
        );
        let ca = certificate(
            &root_name,
            &ca_name,
            "240101000000Z",
            "300101000000Z",
            &p256_key(),
        );
        let leaf = certificate(
            &ca_name,
            &name("C02XK1ZZJGH5", 0x0c),
            "240601000000Z",
            "260101000000Z",
            &p256_key(),
        );
        let other = leaf.clone();
        let pool: Vec<&[u8]> = vec![&other, &root, &ca_expired, &ca];
        assert_eq!(issuer_chain(&leaf, &pool, NOW), vec![ca.clone()]);
        // Only the expired CA: still better than nothing (the relay decides).
        assert_eq!(
            issuer_chain(&leaf, &[&ca_expired, &root], NOW),
            vec![ca_expired.clone()]
        );
        // A CA that is itself the root: the leaf alone.
        let by_root = certificate(
            &root_name,
            &name("m", 0x0c),
            "240601000000Z",
            "260101000000Z",
            &p256_key(),
        );
        assert!(issuer_chain(&by_root, &pool, NOW).is_empty());
        // No issuer in the keychain.
        assert!(issuer_chain(&leaf, &[], NOW).is_empty());
        // Two CAs issuing each other never loop.
        let a = name("A", 0x0c);
        let b = name("B", 0x0c);
        let ab = certificate(&a, &b, "200101000000Z", "400101000000Z", &p256_key());
        let ba = certificate(&b, &a, "200101000000Z", "400101000000Z", &p256_key());
        let leaf_b = certificate(
            &b,
            &name("m", 0x0c),
            "240601000000Z",
            "260101000000Z",
            &p256_key(),
        );
        assert_eq!(
            issuer_chain(&leaf_b, &[&ab, &ba], NOW),
            vec![ab.clone(), ba.clone()]
        );
    }
}
