//! What kind of character: the classes the fonts, the text engine and the
//! template check all ask about, defined once. A leaf of the crate.

use unicode_script::{Script, UnicodeScript};

/// Bidi formatting characters steer ordering only: they get no glyph and no
/// extracted text.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that steer or join but print nothing of their own: bidi
/// controls, joiners, the soft hyphen, variation selectors.
pub(crate) fn is_format_control(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}' | '\u{034F}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}'
        )
}

/// Bidi and C0/C1 controls: they steer the text but are left out of
/// shaping and of the text a reader extracts.
pub(crate) fn is_steering_control(c: char) -> bool {
    is_bidi_control(c) || c.is_control()
}

/// Scripts whose letters change shape, order or position with their
/// neighbours, or that are written right to left: text with any of them is
/// shaped, and laid out in bidi order.
pub(crate) fn needs_shaping(ch: char) -> bool {
    // Below Hebrew, the first of these scripts' blocks: Latin, Greek and
    // Cyrillic, most of every document, answered without a table lookup.
    if u32::from(ch) < 0x0590 {
        return is_format_control(ch);
    }
    matches!(
        ch.script(),
        Script::Arabic
            | Script::Hebrew
            | Script::Syriac
            | Script::Thaana
            | Script::Nko
            | Script::Devanagari
            | Script::Bengali
            | Script::Gurmukhi
            | Script::Gujarati
            | Script::Oriya
            | Script::Tamil
            | Script::Telugu
            | Script::Kannada
            | Script::Malayalam
            | Script::Sinhala
            | Script::Thai
            | Script::Lao
            | Script::Tibetan
            | Script::Myanmar
            | Script::Khmer
            | Script::Mongolian
            | Script::Javanese
            | Script::Balinese
    ) || is_format_control(ch)
}

/// Scripts whose words are not separated by spaces (line-break class SA):
/// their lines break where a dictionary finds a word's end.
pub(crate) fn needs_dictionary(c: char) -> bool {
    matches!(
        c.script(),
        Script::Thai | Script::Lao | Script::Khmer | Script::Myanmar
    )
}

/// Characters of no script of their own: digits, punctuation, spaces, marks.
pub(crate) fn is_neutral(ch: char) -> bool {
    matches!(ch.script(), Script::Common | Script::Inherited)
}

/// Characters MuPDF gives the direction of the glyph drawn before them when
/// it extracts text: neither letters nor digits (pdf-op-run.c,
/// `guess_bidi_level`).
pub(crate) fn takes_direction_before(c: char) -> bool {
    use unicode_bidi::{BidiClass, bidi_class};
    matches!(
        bidi_class(c),
        BidiClass::WS
            | BidiClass::ON
            | BidiClass::CS
            | BidiClass::NSM
            | BidiClass::BN
            | BidiClass::S
            | BidiClass::B
    )
}
