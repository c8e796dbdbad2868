//! Texts an administrator may give per language: a plain string, or a dictionary keyed by
//! language code (`en`, `de`, `pt-BR`, `zh-Hans`, …).

use std::collections::BTreeMap;

/// A text in one or more languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized {
    fallback: String,
    by_language: BTreeMap<String, String>,
}

impl Localized {
    /// The same text in every language.
    pub fn plain(text: impl Into<String>) -> Self {
        Localized {
            fallback: text.into(),
            by_language: BTreeMap::new(),
        }
    }

    /// Texts keyed by language code; the fallback is English, else the first entry.
    pub fn from_languages(by_language: BTreeMap<String, String>) -> Option<Self> {
        let fallback = by_language
            .iter()
            .find(|(language, _)| primary(language) == "en")
            .or_else(|| by_language.iter().next())
            .map(|(_, text)| text.clone())?;
        Some(Localized {
            fallback,
            by_language,
        })
    }

    /// The text for the first of `preferred` (BCP 47 tags, most preferred first) that has one:
    /// an exact match first (case-insensitive, `_` or `-`), then the same primary language.
    pub fn resolve(&self, preferred: &[String]) -> &str {
        for wanted in preferred {
            let wanted = wanted.replace('_', "-");
            if let Some((_, text)) = self
                .by_language
                .iter()
                .find(|(language, _)| language.replace('_', "-").eq_ignore_ascii_case(&wanted))
            {
                return text;
            }
            if let Some((_, text)) = self
                .by_language
                .iter()
                .find(|(language, _)| primary(language).eq_ignore_ascii_case(primary(&wanted)))
            {
                return text;
            }
        }
        &self.fallback
    }

    /// The languages this text is given in (empty for a plain string).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.by_language.keys().map(String::as_str)
    }

    /// The text shown when no preferred language matches.
    pub fn fallback(&self) -> &str {
        &self.fallback
    }
}

fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(pairs: &[(&str, &str)]) -> Localized {
        Localized::from_languages(
            pairs
                .iter()
                .map(|(l, t)| (l.to_string(), t.to_string()))
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn resolves_exact_then_primary_then_english() {
        let text = langs(&[
            ("de", "Hallo"),
            ("en", "Hello"),
            ("pt-BR", "Olá"),
            ("zh-Hans", "你好"),
        ]);
        let pick = |tags: &[&str]| {
            text.resolve(&tags.iter().map(|t| t.to_string()).collect::<Vec<_>>())
                .to_owned()
        };
        assert_eq!(pick(&["pt-BR"]), "Olá");
        assert_eq!(pick(&["pt_br"]), "Olá");
        assert_eq!(pick(&["pt-PT"]), "Olá");
        assert_eq!(pick(&["de-CH", "en"]), "Hallo");
        assert_eq!(pick(&["zh-Hans-CN"]), "你好");
        assert_eq!(pick(&["fr", "de"]), "Hallo");
        assert_eq!(pick(&["fr"]), "Hello");
        assert_eq!(pick(&[]), "Hello");
    }

    #[test]
    fn fallback_without_english_is_the_first_language() {
        let text = langs(&[("fr", "Bonjour"), ("sv", "Hej")]);
        assert_eq!(text.resolve(&["ja".into()]), "Bonjour");
    }

    #[test]
    fn plain_text_is_the_same_everywhere() {
        let text = Localized::plain("Welcome");
        assert_eq!(text.resolve(&["de".into()]), "Welcome");
        assert_eq!(text.languages().count(), 0);
    }
}
