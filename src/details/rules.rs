//! What makes each value acceptable, and the sentence that says how to fix it.

use super::region::Region;
use super::schema::{Field, SCHEMA, Section};

/// Long enough for any real address; longer is a paste gone wrong.
const MAX_CHARS: usize = 300;

/// Words that mean a secret: mikit refuses to carry them anywhere.
const SECRET_WORDS: [&str; 10] = [
    "password",
    "passwd",
    "pass",
    "pwd",
    "pin",
    "passcode",
    "secret",
    "otp",
    "token",
    "credentials",
];

fn looks_like_secret(key: &str) -> bool {
    let key = key.to_lowercase();
    key.contains("password")
        || key.contains("passwd")
        || key.contains("secret")
        || key
            .split(|c: char| !c.is_alphanumeric())
            .any(|part| SECRET_WORDS.contains(&part))
}

/// The message for a key the schema does not have: a refusal for secrets, a
/// suggestion for misspellings.
pub fn unknown_key(key: &str, section: Option<&Section>) -> String {
    let shown = crate::problem::shorten(key, crate::problem::LONGEST_ECHO);
    // No key mikit knows is this long: say so, without comparing it letter
    // by letter with every known key (quadratic in the key's length).
    if shown.len() != key.len() {
        return format!(
            "unknown key \"{shown}\" ({} characters long); delete it",
            key.chars().count()
        );
    }
    if looks_like_secret(key) {
        return format!(
            "\"{key}\" looks like a password or PIN. mikit never stores or prints passwords: \
             delete this line; the printed kit has a box where you can write it by hand"
        );
    }
    let candidates: Vec<String> = match section {
        Some(s) => s.fields.iter().map(|(k, _)| k.to_string()).collect(),
        None => SCHEMA.iter().map(|s| s.name.to_string()).collect(),
    };
    let best = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(key, c), c))
        .min_by_key(|(d, _)| *d);
    let known = match section {
        Some(s) => format!("the keys of [{}] are {}", s.name, candidates.join(", ")),
        None => format!(
            "the sections are {}",
            candidates
                .iter()
                .map(|c| format!("[{c}]"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    match best {
        Some((d, c)) if d <= 2 || (d <= 3 && key.len() > 6) => {
            format!("unknown key \"{key}\": did you mean {c}? ({known})")
        }
        _ => {
            // A known key in the wrong section is a common slip.
            let home = SCHEMA
                .iter()
                .find(|s| s.fields.iter().any(|(k, _)| *k == key));
            match home {
                Some(s) if section.is_none_or(|cur| cur.name != s.name) => {
                    format!("\"{key}\" belongs under [{}]; move it there", s.name)
                }
                _ => format!("unknown key \"{key}\"; {known}"),
            }
        }
    }
}

/// Characters that print nothing or change what prints around them: the
/// whole Default_Ignorable_Code_Point class (zero-width and direction marks,
/// Hangul fillers, variation selectors, tags), U+180E (ignorable until
/// Unicode 6.3) and blank letters such as U+2800.
fn is_invisible_format(c: char) -> bool {
    crate::problem::is_default_ignorable(c) || matches!(c, '\u{180E}' | '\u{2800}' | '\u{FFFC}')
}

/// What is wrong with a list of `n` items (`None`: more than the bound)
/// when `field` holds at most `field.max_items()`.
pub fn too_many(field: Field, n: Option<usize>) -> String {
    let count = match n {
        Some(n) => n.to_string(),
        None => format!("more than {}", field.max_items()),
    };
    match field {
        Field::Imei => format!("{count} IMEIs; a phone has one or two (one per SIM slot)"),
        _ => format!(
            "{count} items; at most {} fit here, keep the ones that matter",
            field.max_items()
        ),
    }
}

/// Checks and normalises one text value; `Ok(None)` when it is blank.
pub fn check_text(field: Field, raw: &str) -> Result<Option<String>, String> {
    if let Some(c) = raw.chars().find(|&c| is_invisible_format(c)) {
        return Err(format!(
            "contains an invisible character (U+{:04X}) that prints nothing or changes what prints, often pasted from web pages or chats; retype the value",
            c as u32
        ));
    }
    if let Some(c) = raw
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        return Err(format!(
            "contains an invisible control character (U+{:04X}); retype the value",
            c as u32
        ));
    }
    // Line breaks and runs of spaces from pasted text mean nothing on paper.
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Ok(None);
    }
    let count = text.chars().count();
    if count > MAX_CHARS {
        return Err(format!(
            "is {count} characters long; at most {MAX_CHARS} fit a printed kit, shorten it"
        ));
    }
    super::printable(&text)?;
    let clean = match field {
        Field::Email => email(&text)?,
        Field::AccountId => digits_only(&text)?,
        Field::Imei => imei(&text)?,
        Field::Region => Region::parse(&text).map(|_| text)?,
        Field::Language => crate::lang::Lang::parse(&text).map(|l| l.code().to_string())?,
        _ => text,
    };
    Ok(Some(clean))
}

fn email(text: &str) -> Result<String, String> {
    let why = if text.contains(' ') {
        Some("it contains a space")
    } else {
        match text.split('@').collect::<Vec<_>>().as_slice() {
            [_] => Some("no @"),
            [local, domain] => {
                if local.is_empty() {
                    Some("nothing before the @")
                } else if !domain.contains('.')
                    || domain.starts_with('.')
                    || domain.ends_with('.')
                    || domain.contains("..")
                {
                    Some("the part after the @ is not a domain like example.com")
                } else {
                    None
                }
            }
            _ => Some("more than one @"),
        }
    };
    match why {
        Some(why) => Err(format!("\"{text}\" is not an email address ({why})")),
        None => Ok(text.to_string()),
    }
}

fn digits_only(text: &str) -> Result<String, String> {
    if text.chars().all(|c| c.is_ascii_digit()) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "\"{text}\" is not an account ID: an account ID has only digits; find it in \
             Settings > Xiaomi Account on the phone"
        ))
    }
}

fn imei(text: &str) -> Result<String, String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let hint = "check the number on the box label or dial *#06#";
    if digits.len() != 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "\"{text}\" is not an IMEI: an IMEI has exactly 15 digits; {hint}"
        ));
    }
    if !luhn_valid(&digits) {
        return Err(format!(
            "\"{text}\" is not a valid IMEI: its last (check) digit does not match; {hint}"
        ));
    }
    Ok(digits)
}

/// The Luhn check that the last digit of an IMEI carries.
fn luhn_valid(digits: &str) -> bool {
    match digits.split_at_checked(digits.len().saturating_sub(1)) {
        Some((body, last)) if !body.is_empty() => luhn_digit(body).to_string() == last,
        _ => false,
    }
}

/// The Luhn check digit for `body` (ASCII digits): what makes an IMEI of
/// its first 14 digits.
pub fn luhn_digit(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.wrapping_sub(b'0')) % 10;
            // From the right, every other digit of the body is doubled.
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        assert!(luhn_valid("356938035643809"));
        assert!(!luhn_valid("356938035643808"));
    }

    #[test]
    fn secrets_are_refused() {
        for key in ["password", "mi_password", "pin", "PIN_code", "secret"] {
            assert!(unknown_key(key, None).contains("never stores"), "{key}");
        }
        assert!(!unknown_key("shipping", None).contains("never stores"));
    }

    #[test]
    fn suggestions() {
        let s = &SCHEMA[1];
        assert!(unknown_key("emial", Some(s)).contains("did you mean email?"));
        assert!(unknown_key("model", Some(s)).contains("belongs under [device]"));
    }
}
