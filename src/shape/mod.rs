//! The text engine: styled text in, lines of glyphs out. Four phases, one
//! file each, as typst-layout's inline/ has them:
//!
//! 1. [`collect`]: spans become atoms, one per character, each with the face
//!    that prints it (font fallback) and its advance in that face.
//! 2. [`prepare`]: a paragraph whose text joins, reorders or runs right to
//!    left gets bidi levels and is shaped, so each atom carries its
//!    cluster's advance; any other keeps the fonts' advances (the cheap path).
//! 3. [`linebreak`]: where lines may end (UAX #14, a dictionary for Thai, the
//!    rules for owners' values), then greedy or balanced breaking.
//! 4. [`finalize`]: each line as fragments in visual order, each one face's
//!    glyphs with the text they came from: shaped again per bidi run, or the
//!    characters' own glyphs.
//!
//! Every fragment of text leaves the engine as a [`GlyphRun`]. Once layout
//! has placed a document's lines, [`plan::plan`] decides what a PDF reader
//! extracts from each shaped run (ToUnicode text, /ActualText spans) and
//! keeps it with the glyphs, so render has one way to draw text. The engine
//! knows fonts and points, nothing of documents or pages (docs/shaping.md).

mod bidi;
mod breaks;
mod collect;
mod finalize;
mod glyphs;
mod linebreak;
pub mod plan;
mod prepare;
mod shaper;

pub use bidi::{Direction, isolate};
pub use breaks::{Break, break_opportunities, grapheme_boundaries};
pub use collect::Span;
pub use finalize::{Frag, Line};
pub use glyphs::{ActualText, Cluster, Edges, Extraction, Glyph, GlyphRun, Plan};

use unicode_segmentation::UnicodeSegmentation;

use crate::fonts::{Fonts, Unprintable};
use crate::units::Pt;

/// What shortens a name that does not fit.
pub(crate) const ELLIPSIS: char = '…';

/// Breaks styled text into lines no wider than `max`, in a paragraph of
/// the document's `direction`.
pub fn wrap(
    spans: &[Span<'_>],
    size: Pt,
    max: Pt,
    fonts: &Fonts,
    direction: Direction,
) -> Result<Vec<Line>, Unprintable> {
    let para = prepare::prepare(spans, size, max, fonts, direction)?;
    let lines = linebreak::greedy(&para.atoms, max, para.shaped.is_some());
    Ok(finalize::lines(lines, &para, fonts))
}

/// Wraps like [`wrap`], then narrows the measure as far as it goes without
/// adding a line, so a title's last line does not hold one word alone.
pub(crate) fn wrap_balanced(
    spans: &[Span<'_>],
    size: Pt,
    max: Pt,
    fonts: &Fonts,
    direction: Direction,
) -> Result<Vec<Line>, Unprintable> {
    let para = prepare::prepare(spans, size, max, fonts, direction)?;
    let lines = linebreak::balanced(&para.atoms, max, para.shaped.is_some());
    Ok(finalize::lines(lines, &para, fonts))
}

/// The advance of `text` on one line, left to right.
pub fn measure(text: &str, bold: bool, size: Pt, fonts: &Fonts) -> Result<Pt, Unprintable> {
    let span = if bold {
        Span::bold(text)
    } else {
        Span::plain(text)
    };
    let para = prepare::prepare(&[span], size, Pt(f32::MAX), fonts, Direction::Ltr)?;
    Ok(collect::width(&para.atoms))
}

/// `text` cut at a character boundary and ended with "…" so that it is no
/// wider than `max`; whole when it fits. A cut never leaves a hyphen, a
/// space or other punctuation dangling before the ellipsis.
pub(crate) fn shorten(
    text: &str,
    bold: bool,
    size: Pt,
    max: Pt,
    fonts: &Fonts,
) -> Result<String, Unprintable> {
    if measure(text, bold, size, fonts)?.0 <= max.0 {
        return Ok(text.to_string());
    }
    let mut used = measure(&ELLIPSIS.to_string(), bold, size, fonts)?;
    let mut kept = 0;
    for (b, g) in text.grapheme_indices(true) {
        let w = measure(g, bold, size, fonts)?;
        if used.0 + w.0 > max.0 {
            break;
        }
        used += w;
        kept = b + g.len();
    }
    let cut = text[..kept].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | ',' | '.' | '·' | '/' | '(')
    });
    Ok(format!("{cut}{ELLIPSIS}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.frags.iter().map(Frag::text).collect())
            .collect()
    }

    /// The spans of a paragraph as layout makes them from rich text.
    fn spans(rich: &[Inline]) -> Vec<Span<'_>> {
        rich.iter()
            .map(|i| match i {
                Inline::Text(t) => Span::plain(t),
                Inline::Value(t) => Span::value(t),
                Inline::Blank => Span::blank(false),
            })
            .collect()
    }

    /// A paragraph's lines at 10 pt in `width` points, as text.
    fn lines_at(rich: &[Inline], width: u32) -> Vec<String> {
        let lines = wrap(
            &spans(rich),
            Pt(10.0),
            Pt(width as f32),
            Fonts::bundled(),
            Direction::Ltr,
        )
        .unwrap();
        texts(&lines)
    }

    enum Inline {
        Text(String),
        Value(String),
        Blank,
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let fonts = Fonts::bundled();
        let text = "The quick brown fox jumps over the lazy dog again and again";
        let lines = wrap(
            &[Span::plain(text)],
            Pt(10.0),
            Pt(120.0),
            fonts,
            Direction::Ltr,
        )
        .unwrap();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.width.0 <= 120.0, "{l:?}");
        }
        assert_eq!(texts(&lines).join(" "), text);
    }

    /// A label and the value it names are not parted at a line's end: the
    /// line breaks before the label, which starts the value's line.
    #[test]
    fn a_label_goes_down_with_its_value() {
        let para = [
            Inline::Text("Have the purchase receipt ready (kept at: ".into()),
            Inline::Value("Steel cupboard, top shelf".into()),
            Inline::Text("), and keep any reference number.".into()),
        ];
        // "(kept at: Steel cupboard, top shelf), " fits on a line from ~180 pt.
        let mut moved = 0;
        for width in (190..=420).step_by(5) {
            let texts = lines_at(&para, width);
            for line in &texts {
                let end = line.trim_end();
                assert!(
                    !end.ends_with("at:") && !end.ends_with("kept"),
                    "{width} pt: {texts:?}"
                );
            }
            if texts.iter().any(|l| l.starts_with("(kept at: Steel")) {
                moved += 1;
            }
        }
        assert!(
            moved > 0,
            "no measure put the label before its value's line"
        );
    }

    #[test]
    fn long_unbroken_word_breaks_inside() {
        let fonts = Fonts::bundled();
        let email = "averyveryveryveryverylongname.with.many.parts@subdomain.example-company.com";
        let lines = wrap(
            &[Span::plain(email)],
            Pt(10.0),
            Pt(100.0),
            fonts,
            Direction::Ltr,
        )
        .unwrap();
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width.0 <= 100.0, "{l:?}");
        }
        assert_eq!(texts(&lines).concat(), email);
    }

    #[test]
    fn cjk_breaks_between_characters_not_before_closing_punctuation() {
        let fonts = Fonts::bundled();
        let text = "小米账号恢复工具包，请妥善保管。小米账号恢复工具包，请妥善保管。";
        let lines = wrap(
            &[Span::plain(text)],
            Pt(10.0),
            Pt(62.0),
            fonts,
            Direction::Ltr,
        )
        .unwrap();
        assert!(lines.len() > 3);
        for l in texts(&lines) {
            assert!(!l.starts_with('，') && !l.starts_with('。'), "{l}");
        }
        assert_eq!(texts(&lines).concat(), text);
    }

    fn value_paragraph() -> (Vec<Inline>, Vec<&'static str>) {
        let values = vec![
            "+91 91234 56789",
            "356938035643809",
            "15 января 2027 г.",
            "SM-23-118842",
            "Priyadarshini Venkataraman",
            "27 de noviembre de 2027",
            "priya.nair@example.com",
        ];
        let mut inlines = Vec::new();
        for (i, v) in values.iter().enumerate() {
            inlines.push(Inline::Text(
                ["Call the number ", " or type ", ", then by ", " with "][i % 4].into(),
            ));
            inlines.push(Inline::Value(v.to_string()));
        }
        inlines.push(Inline::Text(" and keep it safe.".into()));
        (inlines, values)
    }

    #[test]
    fn no_line_starts_with_the_dot_between_items() {
        let fonts = Fonts::bundled();
        let spans = [
            Span::plain("Prepared for "),
            Span::value("Priya Nair"),
            Span::plain(" · Phone: "),
            Span::value("Redmi Note 12"),
            Span::plain(" · Made on "),
            Span::value("15 January 2026"),
        ];
        // From the narrowest measure a title line has beside a QR code.
        for width in (120..=400).step_by(2) {
            let lines = wrap(&spans, Pt(11.0), Pt(width as f32), fonts, Direction::Ltr).unwrap();
            for line in texts(&lines) {
                assert!(
                    !line.trim_start().starts_with('·'),
                    "width {width}: {line:?}"
                );
            }
        }
    }

    #[test]
    fn a_bold_thai_name_stays_on_one_line_at_any_width() {
        let fonts = Fonts::bundled();
        let name = "เปลี่ยนรหัสผ่าน";
        let lead = "เปิดการตั้งค่า แล้วแตะบัญชี Xiaomi จากนั้นเลือกความปลอดภัย แล้ว ";
        let spans = [
            Span::plain(lead),
            Span::bold(name),
            Span::plain(" แล้วตั้งรหัสใหม่"),
        ];
        let name_w = measure(name, true, Pt(10.0), fonts).unwrap();
        let mut parted = 0;
        for width in (60..=400).step_by(2) {
            let max = Pt(width as f32);
            let lines = wrap(&spans, Pt(10.0), max, fonts, Direction::Ltr).unwrap();
            let whole = texts(&lines).iter().any(|l| l.contains(name));
            if name_w.0 <= max.0 * 0.35 {
                assert!(
                    whole,
                    "\"{name}\" parted at width {width}: {:#?}",
                    texts(&lines)
                );
            } else if !whole {
                parted += 1;
            }
        }
        // A name wider than its share of a narrow line may still break.
        assert!(parted < 200);
    }

    #[test]
    fn a_value_that_fits_a_line_is_never_broken_at_any_width() {
        let fonts = Fonts::bundled();
        let (inlines, values) = value_paragraph();
        let rich = inlines;
        let mut widths_tried = 0;
        for width in (40..=520).step_by(3) {
            let max = Pt(width as f32);
            let lines = wrap(&spans(&rich), Pt(10.0), max, fonts, Direction::Ltr).unwrap();
            let texts = texts(&lines);
            for v in &values {
                let w = measure(v, true, Pt(10.0), fonts).unwrap();
                if w.0 <= max.0 {
                    assert!(
                        texts.iter().any(|l| l.contains(v)),
                        "\"{v}\" ({} pt) broken at width {width}: {texts:#?}",
                        w.0
                    );
                }
            }
            for l in &lines {
                assert!(l.width.0 <= max.0 + 0.01, "{width}: {l:?}");
            }
            widths_tried += 1;
        }
        assert!(widths_tried > 100);
    }

    #[test]
    fn a_value_longer_than_a_line_breaks_at_sensible_points() {
        let fonts = Fonts::bundled();
        let email = "priyadarshini.venkataraman-nair@subdomain.example-company.com";
        let rich = vec![Inline::Value(email.into())];
        for width in [90.0, 120.0, 160.0, 200.0, 260.0] {
            let lines = wrap(&spans(&rich), Pt(10.0), Pt(width), fonts, Direction::Ltr).unwrap();
            let texts = texts(&lines);
            assert_eq!(texts.concat(), email);
            for (i, l) in texts.iter().enumerate() {
                assert!(!l.ends_with('-'), "{width}: a hyphen ends {texts:?}");
                assert!(!l.ends_with('.'), "{width}: a dot ends {texts:?}");
                // Below 120 pt even the pieces do not fit: cut anywhere else.
                if i > 0 && width >= 120.0 {
                    assert!(
                        texts[i - 1].ends_with('@') || l.starts_with('.'),
                        "{width}: broken elsewhere than after @ or before a dot: {texts:?}"
                    );
                }
            }
        }
        // A list breaks between its items, each item whole.
        let phones: Vec<String> = (0..12).map(|i| format!("+91 98{i:03} 4{i:04}")).collect();
        let list = phones.join(", ");
        let rich = vec![Inline::Value(list.clone())];
        let lines = wrap(&spans(&rich), Pt(10.0), Pt(300.0), fonts, Direction::Ltr).unwrap();
        let texts = texts(&lines);
        assert!(texts.len() > 2);
        for p in &phones {
            assert!(
                texts.iter().any(|l| l.contains(p.as_str())),
                "{p} broken: {texts:?}"
            );
        }
    }

    #[test]
    fn numbers_in_plain_text_stay_whole_and_a_blank_keeps_its_word() {
        let fonts = Fonts::bundled();
        let rich = vec![
            Inline::Text("Call us on +91 80 4123 4567 or write the invoice number".into()),
            Inline::Blank,
            Inline::Text(".".into()),
        ];
        for width in (120..=400).step_by(7) {
            let lines = wrap(
                &spans(&rich),
                Pt(10.0),
                Pt(width as f32),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            let texts = texts(&lines);
            assert!(
                texts.iter().any(|l| l.contains("+91 80 4123 4567")),
                "{width}: {texts:?}"
            );
            let last = lines.last().unwrap();
            assert!(
                !(last
                    .frags
                    .first()
                    .is_some_and(|f| matches!(f, Frag::Blank { .. }))),
                "{width}: the blank starts its own line: {texts:?}"
            );
        }
    }

    #[test]
    fn an_address_in_plain_text_is_not_broken_after_a_hyphen() {
        let fonts = Fonts::bundled();
        let text = "Write to help@sangeetha-mobiles.example or see https://example.com/a-b-c today";
        for width in (60..=400).step_by(4) {
            let lines = wrap(
                &[Span::plain(text)],
                Pt(10.0),
                Pt(width as f32),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            for l in texts(&lines) {
                assert!(!l.ends_with('-'), "{width}: {:?}", texts(&lines));
            }
        }
    }

    #[test]
    fn a_title_does_not_leave_one_word_on_its_last_line() {
        let fonts = Fonts::bundled();
        for (title, width) in [
            ("Kit de recuperación de la Cuenta Xiaomi (Cuenta Mi)", 330.0),
            (
                "Xiaomi Account (Mi Account) recovery kit for everyone",
                300.0,
            ),
            (
                "Комплект восстановления аккаунта Xiaomi (Mi Account)",
                380.0,
            ),
        ] {
            let greedy = wrap(
                &[Span::bold(title)],
                Pt(18.0),
                Pt(width),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            let balanced = wrap_balanced(
                &[Span::bold(title)],
                Pt(18.0),
                Pt(width),
                fonts,
                Direction::Ltr,
            )
            .unwrap();
            assert_eq!(greedy.len(), balanced.len(), "{title}");
            let last = texts(&balanced).pop().unwrap();
            assert!(last.trim().contains(' '), "{title}: last line {last:?}");
            assert_eq!(texts(&balanced).join(" "), title);
        }
    }

    #[test]
    fn shortening_ends_with_an_ellipsis_at_a_character_boundary() {
        let fonts = Fonts::bundled();
        let name = "Anna-Lena Müller-Lüdenscheidt von Hohenzollern-Sigmaringen";
        assert_eq!(
            shorten(name, false, Pt(9.5), Pt(1000.0), fonts).unwrap(),
            name
        );
        for width in (30..200).step_by(3) {
            let short = shorten(name, false, Pt(9.5), Pt(width as f32), fonts).unwrap();
            assert!(short.ends_with(ELLIPSIS), "{short}");
            let kept = short.trim_end_matches(ELLIPSIS);
            assert!(name.starts_with(kept), "{short}");
            assert!(!kept.ends_with(['-', ' ']), "{width}: {short}");
            assert!(measure(&short, false, Pt(9.5), fonts).unwrap().0 <= width as f32);
        }
        // "é" written as e and a combining accent is never parted.
        let composed = "Rene\u{301}e Zoë Castellanos-Villalobos";
        for width in (20..120).step_by(2) {
            let short = shorten(composed, false, Pt(9.5), Pt(width as f32), fonts).unwrap();
            assert!(!short.contains("Rene…"), "{short}");
        }
    }

    #[test]
    fn missing_glyph_is_an_error() {
        let fonts = Fonts::bundled();
        assert!(
            wrap(
                &[Span::plain("\u{10FFFD}")],
                Pt(10.0),
                Pt(100.0),
                fonts,
                Direction::Ltr
            )
            .is_err()
        );
    }
}
