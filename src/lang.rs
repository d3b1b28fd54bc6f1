//! The languages the documents are written in.

use chrono::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
    PtBr,
    Id,
    ZhCn,
    Ru,
    Fr,
    De,
    It,
    Pl,
    Tr,
    Uk,
    Vi,
    Hi,
    Ar,
    Th,
}

impl Lang {
    pub const ALL: [Lang; 16] = [
        Lang::En,
        Lang::Es,
        Lang::PtBr,
        Lang::Id,
        Lang::ZhCn,
        Lang::Ru,
        Lang::Fr,
        Lang::De,
        Lang::It,
        Lang::Pl,
        Lang::Tr,
        Lang::Uk,
        Lang::Vi,
        Lang::Hi,
        Lang::Ar,
        Lang::Th,
    ];

    /// The code used on the command line, in details files and as the
    /// templates' folder name.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::PtBr => "pt-BR",
            Lang::Id => "id",
            Lang::ZhCn => "zh-CN",
            Lang::Ru => "ru",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::It => "it",
            Lang::Pl => "pl",
            Lang::Tr => "tr",
            Lang::Uk => "uk",
            Lang::Vi => "vi",
            Lang::Hi => "hi",
            Lang::Ar => "ar",
            Lang::Th => "th",
        }
    }

    /// The language's name in English and in itself, for listings.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Spanish (español)",
            Lang::PtBr => "Brazilian Portuguese (português do Brasil)",
            Lang::Id => "Indonesian (Bahasa Indonesia)",
            Lang::ZhCn => "Simplified Chinese (简体中文)",
            Lang::Ru => "Russian (русский)",
            Lang::Fr => "French (français)",
            Lang::De => "German (Deutsch)",
            Lang::It => "Italian (italiano)",
            Lang::Pl => "Polish (polski)",
            Lang::Tr => "Turkish (Türkçe)",
            Lang::Uk => "Ukrainian (українська)",
            Lang::Vi => "Vietnamese (Tiếng Việt)",
            Lang::Hi => "Hindi (हिन्दी)",
            Lang::Ar => "Arabic (العربية)",
            Lang::Th => "Thai (ไทย)",
        }
    }

    /// The direction its text is written in: one setting of a whole
    /// document (see `layout`).
    pub fn direction(self) -> crate::shape::Direction {
        match self {
            Lang::Ar => crate::shape::Direction::Rtl,
            _ => crate::shape::Direction::Ltr,
        }
    }

    /// Month names for dates.
    pub fn locale(self) -> Locale {
        match self {
            Lang::En => Locale::en_GB,
            Lang::Es => Locale::es_ES,
            Lang::PtBr => Locale::pt_BR,
            Lang::Id => Locale::id_ID,
            Lang::ZhCn => Locale::zh_CN,
            Lang::Ru => Locale::ru_RU,
            Lang::Fr => Locale::fr_FR,
            Lang::De => Locale::de_DE,
            Lang::It => Locale::it_IT,
            Lang::Pl => Locale::pl_PL,
            Lang::Tr => Locale::tr_TR,
            Lang::Uk => Locale::uk_UA,
            Lang::Vi => Locale::vi_VN,
            Lang::Hi => Locale::hi_IN,
            Lang::Ar => Locale::ar_EG,
            Lang::Th => Locale::th_TH,
        }
    }

    /// Accepts the codes in any case, with `_` for `-`, and the bare
    /// language where there is one variant (`pt`, `zh`).
    pub fn parse(text: &str) -> Result<Lang, String> {
        let wanted = text.trim().replace('_', "-").to_lowercase();
        let found = Lang::ALL.into_iter().find(|l| {
            let code = l.code().to_lowercase();
            code == wanted || code.split('-').next() == Some(wanted.as_str())
        });
        found.ok_or_else(|| {
            format!(
                "\"{}\" is not a language mikit prints; available: {}",
                text.trim(),
                Lang::list()
            )
        })
    }

    /// The codes as a sentence ends a list: "en, es, ... ar or th".
    pub fn choices() -> String {
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        match codes.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => codes.join(""),
        }
    }

    pub fn list() -> String {
        Lang::ALL
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_leniently() {
        assert_eq!(Lang::parse("pt-BR").unwrap(), Lang::PtBr);
        assert_eq!(Lang::parse("pt_br").unwrap(), Lang::PtBr);
        assert_eq!(Lang::parse("zh").unwrap(), Lang::ZhCn);
        assert_eq!(Lang::parse("RU").unwrap(), Lang::Ru);
        let err = Lang::parse("xx").unwrap_err();
        assert!(
            err.contains(
                "available: en, es, pt-BR, id, zh-CN, ru, fr, de, it, pl, tr, uk, vi, hi, ar, th"
            ),
            "{err}"
        );
    }
}
