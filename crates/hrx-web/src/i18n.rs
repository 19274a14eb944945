//! Translations: one Fluent file per language, embedded; every key exists in both (a test
//! checks it, and that every key the templates use exists).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;
use unic_langid::{langid, LanguageIdentifier};

pub const ZH_FTL: &str = concat!(
    include_str!("../locales/zh-CN.ftl"),
    "\n",
    include_str!("../locales/coverage-zh-CN.ftl"),
    "\n",
    include_str!("../locales/conventions-zh-CN.ftl"),
    "\n",
    include_str!("../locales/cooperation-zh-CN.ftl"),
    "\n",
    include_str!("../locales/training-zh-CN.ftl"),
    "\n",
    include_str!("../locales/intorgs-zh-CN.ftl"),
    "\n",
    include_str!("../locales/experts-zh-CN.ftl"),
    "\n",
    include_str!("../locales/awards-zh-CN.ftl"),
    "\n",
    include_str!("../locales/map-zh-CN.ftl"),
    "\n",
    include_str!("../locales/matching-zh-CN.ftl")
);
pub const EN_FTL: &str = concat!(
    include_str!("../locales/en.ftl"),
    "\n",
    include_str!("../locales/coverage-en.ftl"),
    "\n",
    include_str!("../locales/conventions-en.ftl"),
    "\n",
    include_str!("../locales/cooperation-en.ftl"),
    "\n",
    include_str!("../locales/training-en.ftl"),
    "\n",
    include_str!("../locales/intorgs-en.ftl"),
    "\n",
    include_str!("../locales/experts-en.ftl"),
    "\n",
    include_str!("../locales/awards-en.ftl"),
    "\n",
    include_str!("../locales/map-en.ftl"),
    "\n",
    include_str!("../locales/matching-en.ftl")
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code == "zh" || code.starts_with("zh-") {
            Some(Lang::Zh)
        } else if code == "en" || code.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The best language for an `Accept-Language` header; Chinese when nothing matches,
    /// since the ministry's officers work in Chinese.
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let mut choices: Vec<(f32, Lang)> = accept_language
            .unwrap_or("")
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Lang::parse(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices.first().map(|c| c.1).unwrap_or(Lang::Zh)
    }

    /// Of a text written in both languages, the one in this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

fn bundle(lang: LanguageIdentifier, source: &str) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
    let _ = bundle.add_resource(resource);
    bundle
}

static ZH: LazyLock<FluentBundle<FluentResource>> =
    LazyLock::new(|| bundle(langid!("zh-CN"), ZH_FTL));
static EN: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| bundle(langid!("en"), EN_FTL));

/// Translates a key with named arguments. A missing key shows as the key itself.
pub fn translate(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let bundle: &FluentBundle<FluentResource> = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(value.clone()));
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// The keys a Fluent source defines.
pub fn keys(source: &str) -> Vec<String> {
    let mut keys: Vec<String> = source
        .lines()
        .filter_map(|line| {
            let (key, _) = line.split_once(" =")?;
            let key = key.trim();
            (!key.is_empty()
                && !line.starts_with(' ')
                && !line.starts_with('#')
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then(|| key.to_owned())
        })
        .collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_define_the_same_keys_and_parse_cleanly() {
        assert!(FluentResource::try_new(ZH_FTL.to_owned()).is_ok());
        assert!(FluentResource::try_new(EN_FTL.to_owned()).is_ok());
        let zh = keys(ZH_FTL);
        let en = keys(EN_FTL);
        let only_zh: Vec<_> = zh.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !zh.contains(k)).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "zh only {only_zh:?}, en only {only_en:?}"
        );
        assert!(zh.len() > 50);
    }

    #[test]
    fn every_key_the_templates_and_code_use_is_defined() {
        let defined = keys(EN_FTL);
        let mut missing = Vec::new();
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src"),
        ];
        for dir in dirs {
            for path in files(std::path::Path::new(dir)) {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let pieces = text
                    .split(".t(\"")
                    .skip(1)
                    .chain(text.split(".t1(\"").skip(1));
                for piece in pieces {
                    if let Some(key) = piece.split('"').next() {
                        if key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                            && !defined.contains(&key.to_owned())
                        {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "undefined keys: {missing:#?}");
    }

    fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files(&path));
            } else {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(
            Lang::negotiate(Some("en-US,en;q=0.9,zh-CN;q=0.8")),
            Lang::En
        );
        assert_eq!(
            Lang::negotiate(Some("fr-FR, zh-TW;q=0.5, en;q=0.3")),
            Lang::Zh
        );
        assert_eq!(Lang::negotiate(Some("de")), Lang::Zh);
        assert_eq!(Lang::negotiate(None), Lang::Zh);
    }

    #[test]
    fn arguments_are_filled_in() {
        assert_eq!(
            translate(Lang::En, "list-total", &[("count", "3".into())]),
            "3 records"
        );
        assert_eq!(translate(Lang::En, "no-such-key", &[]), "no-such-key");
    }
}
