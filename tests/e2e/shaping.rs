//! The text engine on the bundled fonts: joined Arabic, bidi-isolated
//! values, Indic clusters, Thai word breaks, the cheap path for text that
//! needs no shaping, and the extraction plan.

use std::sync::Arc;

use mikit::fonts::{FaceId, Fonts, Unprintable};
use mikit::shape::plan::{plan, plan_runs_with};
use mikit::shape::{
    ActualText, Direction, Extraction, Frag, Glyph, GlyphRun, Line, Span, break_opportunities,
    grapheme_boundaries, wrap,
};
use mikit::units::Pt;

/// The fonts mikit bundles, which the layout uses.
fn bundled_fonts() -> &'static Fonts {
    Fonts::bundled()
}

/// The runs of a line's text fragments, left to right as drawn.
fn runs_of(line: &Line) -> Vec<Arc<GlyphRun>> {
    line.frags
        .iter()
        .filter_map(|f| match f {
            Frag::Text { run, .. } => Some(run.clone()),
            Frag::Blank { .. } => None,
        })
        .collect()
}

/// `spans` set on one line at 10 pt, planned as a document's runs are.
fn one_line(spans: &[Span<'_>], dir: Direction) -> Vec<Arc<GlyphRun>> {
    let lines = wrap(spans, Pt(10.0), Pt(10_000.0), bundled_fonts(), dir).unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let mut runs = runs_of(&lines[0]);
    plan(runs.iter_mut(), bundled_fonts());
    runs
}

fn plain_line(text: &str, dir: Direction) -> Vec<Arc<GlyphRun>> {
    one_line(&[Span::plain(text)], dir)
}

/// What a reader that honours /ActualText extracts, run by run in drawing
/// order, with each right-to-left run's clusters put back in reading order.
fn extract(runs: &[Arc<GlyphRun>]) -> String {
    let mut out = String::new();
    for run in runs {
        let mut pieces = Vec::new();
        let mut i = 0;
        while i < run.glyphs.len() {
            match run.actual_text().iter().find(|a| a.glyphs.start == i) {
                Some(a) => {
                    pieces.push(a.text.clone());
                    i = a.glyphs.end;
                }
                None => {
                    pieces.push(run.glyph_text(i).to_string());
                    i += 1;
                }
            }
        }
        if run.direction.is_rtl() {
            pieces.reverse();
        }
        out.extend(pieces);
    }
    out
}

fn ids(run: &GlyphRun) -> Vec<u16> {
    run.glyphs.iter().map(|g| g.id).collect()
}

fn no_notdef(runs: &[Arc<GlyphRun>]) -> bool {
    runs.iter().all(|r| r.glyphs.iter().all(|g| g.id != 0))
}

#[test]
fn arabic_name_joins_and_runs_right_to_left() {
    let text = "محمد العلي";
    let runs = plain_line(text, Direction::Rtl);
    assert!(
        runs.iter()
            .all(|r| r.face == FaceId::Arabic && r.direction.is_rtl())
    );
    assert!(no_notdef(&runs));
    assert_eq!(runs.len(), 1);
    // Right to left: the first glyph drawn is the last letter read.
    let clusters: Vec<usize> = runs[0].glyphs.iter().map(|g| g.cluster).collect();
    assert_eq!(runs[0].text, text);
    assert_eq!(clusters.first(), Some(&text.rfind('ي').unwrap()));
    assert!(clusters.windows(2).all(|w| w[0] >= w[1]), "{clusters:?}");

    // Joined: the word's glyphs are not the letters' isolated forms.
    let word = "محمد";
    let joined = ids(&plain_line(word, Direction::Rtl)[0]);
    let mut isolated: Vec<u16> = word
        .chars()
        .map(|c| {
            let alone = plain_line(&c.to_string(), Direction::Rtl);
            assert_eq!(alone[0].glyphs.len(), 1);
            alone[0].glyphs[0].id
        })
        .collect();
    isolated.reverse(); // visual order
    assert_eq!(joined.len(), isolated.len());
    let differing = joined.iter().zip(&isolated).filter(|(a, b)| a != b).count();
    assert_eq!(
        differing, 4,
        "every letter of محمد takes a joined form: {joined:?} vs {isolated:?}"
    );
    assert_eq!(extract(&runs), text);
}

#[test]
fn arabic_letters_join_across_a_change_of_weight() {
    // The bold middle letter is shaped as a piece of its own, with the word
    // around it as context: it still joins.
    let runs = one_line(
        &[Span::plain("م"), Span::bold("ح"), Span::plain("مد")],
        Direction::Rtl,
    );
    let middle = runs
        .iter()
        .find(|r| r.face == FaceId::ArabicBold)
        .expect("a bold run");
    let alone = plain_line_bold("ح");
    assert_eq!(middle.glyphs.len(), 1);
    assert_ne!(ids(middle), ids(&alone[0]));
    // Three runs, drawn left to right: read back right to left.
    let reading: Vec<Arc<GlyphRun>> = runs.iter().rev().cloned().collect();
    assert_eq!(extract(&reading), "محمد");
}

fn plain_line_bold(text: &str) -> Vec<Arc<GlyphRun>> {
    one_line(&[Span::bold(text)], Direction::Rtl)
}

/// The digits and plus signs of a line, in the order they are drawn.
fn visual_digits(runs: &[Arc<GlyphRun>]) -> String {
    let mut s = String::new();
    for run in runs {
        for c in run.clusters() {
            s.extend(
                run.text[c.text]
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+'),
            );
        }
    }
    s
}

#[test]
fn a_phone_number_value_keeps_its_digits_in_order_in_an_arabic_line() {
    let runs = one_line(
        &[Span::plain("الهاتف: "), Span::value("+971 50 123 4567")],
        Direction::Rtl,
    );
    assert_eq!(visual_digits(&runs), "+971501234567");
    // Drawn from the left: the number (left to right) first, the Arabic
    // label at the right end.
    assert!(!runs[0].direction.is_rtl());
    assert_eq!(runs.last().unwrap().face, FaceId::Arabic);
    assert_eq!(
        extract(&runs).replace(' ', ""),
        "+971501234567الهاتف:".replace(' ', "")
    );

    // Why values are isolated: as plain text, UAX #9 reorders the digit groups.
    let unisolated = plain_line("الهاتف: +971 50 123 4567", Direction::Rtl);
    assert_ne!(visual_digits(&unisolated), "+971501234567");
}

#[test]
fn email_stays_left_to_right_and_arabic_name_right_to_left_inside_the_other() {
    let runs = one_line(
        &[Span::plain("البريد: "), Span::value("ali.r@example.com")],
        Direction::Rtl,
    );
    let email: String = runs
        .iter()
        .filter(|r| !r.direction.is_rtl())
        .flat_map(|r| {
            r.clusters()
                .into_iter()
                .map(|c| r.text[c.text].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        email.trim_matches(['\u{2068}', '\u{2069}']),
        "ali.r@example.com"
    );

    let runs = one_line(
        &[
            Span::plain("Name: "),
            Span::value("محمد العلي"),
            Span::plain(" (owner)"),
        ],
        Direction::Ltr,
    );
    assert_eq!(runs.first().unwrap().face, FaceId::Regular);
    assert!(
        runs.iter()
            .any(|r| r.direction.is_rtl() && r.face == FaceId::ArabicBold)
    );
    assert_eq!(extract(&runs), "Name: محمد العلي (owner)");
}

#[test]
fn devanagari_clusters_hold_several_glyphs_and_extract_exactly() {
    let text = "प्रिया शर्मा";
    let runs = plain_line(text, Direction::Ltr);
    let run = &runs[0];
    assert_eq!(run.face, FaceId::Devanagari);
    assert!(no_notdef(&runs));
    let clusters = run.clusters();
    let multi: Vec<&str> = clusters
        .iter()
        .filter(|c| c.glyphs.len() > 1)
        .map(|c| &text[c.text.clone()])
        .collect();
    assert!(multi.contains(&"प्रि"), "{multi:?}");
    assert!(multi.contains(&"र्मा"), "{multi:?}");
    // The i-matra is drawn before the conjunct it follows in the text: the
    // cluster ends with the glyph "प्र" shapes to on its own.
    let pri = clusters
        .iter()
        .find(|c| &text[c.text.clone()] == "प्रि")
        .unwrap();
    let conjunct = plain_line("प्र", Direction::Ltr);
    assert_eq!(conjunct[0].glyphs.len(), 1);
    assert_eq!(pri.glyphs.len(), 2);
    assert_eq!(run.glyphs[pri.glyphs.end - 1].id, conjunct[0].glyphs[0].id);
    assert!(run.actual_text().iter().any(|a| a.text == "प्रि"));
    assert_eq!(extract(&runs), text);
}

#[test]
fn text_that_needs_no_shaping_is_its_characters_own_glyphs() {
    for (text, face) in [
        ("Priya Nair", FaceId::Regular),
        ("Анна", FaceId::Regular),
        ("王芳", FaceId::Cjk),
    ] {
        let runs = plain_line(text, Direction::Ltr);
        assert_eq!(runs.len(), 1, "{text}");
        let run = &runs[0];
        assert_eq!((run.face, run.text.as_str()), (face, text));
        assert_eq!(run.extraction, Extraction::OneToOne);
        let f = bundled_fonts().face(face);
        assert_eq!(run.glyphs.len(), text.chars().count());
        for (i, (g, (at, c))) in run.glyphs.iter().zip(text.char_indices()).enumerate() {
            assert_eq!(g.id, f.glyph(c).unwrap(), "{text}: {c}");
            assert_eq!(g.advance, i32::from(f.glyph_advance(g.id)));
            assert_eq!(g.cluster, at);
            assert_eq!(run.glyph_text(i), c.to_string());
        }
        assert_eq!(extract(&runs), text);
    }
}

fn glyph_run(face: FaceId, text: &str) -> GlyphRun {
    GlyphRun {
        face,
        text: text.to_string(),
        glyphs: vec![Glyph {
            id: 7,
            advance: 500,
            x_offset: 0,
            y_offset: 0,
            cluster: 0,
        }],
        direction: Direction::Ltr,
        units_per_em: 1000,
        extraction: Extraction::Shaped(Default::default()),
        edges: Default::default(),
    }
}

#[test]
fn a_glyph_keeps_its_first_text_and_a_conflict_gets_actual_text() {
    let none = |_: FaceId, _: char| None;
    let (a, b) = (
        glyph_run(FaceId::Regular, "x"),
        glyph_run(FaceId::Regular, "fi"),
    );
    let plans = plan_runs_with(&[&a, &b], &none);
    assert_eq!(plans[0].texts, ["x"]);
    assert!(plans[0].actual_text.is_empty());
    assert_eq!(plans[1].texts, ["x"], "one ToUnicode entry per glyph id");
    assert_eq!(
        plans[1].actual_text,
        [ActualText {
            glyphs: 0..1,
            text: "fi".into()
        }]
    );
    // Another font's glyph 7 is another glyph.
    let other = glyph_run(FaceId::Bold, "fi");
    assert!(
        plan_runs_with(&[&a, &other], &none)[1]
            .actual_text
            .is_empty()
    );
}

fn break_points(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for b in break_opportunities(text) {
        words.push(&text[start..b.at]);
        start = b.at;
    }
    words
}

#[test]
fn thai_breaks_at_words_not_inside_a_name() {
    assert_eq!(break_points("สมชาย ใจดี"), ["สมชาย ", "ใจดี"]);
    assert_eq!(break_points("ฉันรักภาษาไทย"), ["ฉัน", "รัก", "ภาษา", "ไทย"]);
    // The dictionary decides Thai only; Latin around it keeps UAX #14.
    assert_eq!(
        break_points("Tel สมชาย 0812345678"),
        ["Tel ", "สมชาย ", "0812345678"]
    );
}

/// The lines of `text` wrapped at `width` as byte ranges of `text`.
fn line_ranges(text: &str, width: f32) -> Vec<(std::ops::Range<usize>, Pt)> {
    let lines = wrap(
        &[Span::plain(text)],
        Pt(10.0),
        Pt(width),
        bundled_fonts(),
        Direction::Ltr,
    )
    .unwrap();
    let mut start = 0;
    lines
        .iter()
        .map(|l| {
            let t: String = l.frags.iter().map(Frag::text).collect();
            let at = start + text[start..].find(&t).expect("lines in order");
            start = at + t.len();
            (at..start, l.width)
        })
        .collect()
}

#[test]
fn thai_sentence_wraps_between_words() {
    let text = "ฉันรักภาษาไทยมาก";
    let full = line_ranges(text, 10_000.0)[0].1;
    let lines = line_ranges(text, full.0 * 0.6);
    assert!(lines.len() >= 2, "{lines:?}");
    let words: Vec<usize> = break_opportunities(text).iter().map(|b| b.at).collect();
    for (l, _) in &lines {
        assert!(
            l.start == 0 || words.contains(&l.start),
            "{l:?} starts inside a word"
        );
        assert!(words.contains(&l.end), "{l:?} ends inside a word");
    }
}

#[test]
fn an_overlong_word_is_cut_between_grapheme_clusters() {
    let text = "प्रियाप्रियाप्रिया";
    let lines = line_ranges(text, 25.0);
    assert!(lines.len() >= 2, "{lines:?}");
    let graphemes = grapheme_boundaries(text);
    for (l, width) in &lines {
        assert!(
            graphemes.contains(&l.start) && graphemes.contains(&l.end),
            "{l:?}"
        );
        assert!(width.0 <= 25.0 || l.len() <= "प्रि".len(), "{l:?}");
    }
    assert_eq!(lines.first().unwrap().0.start, 0);
    assert_eq!(lines.last().unwrap().0.end, text.len());
}

#[test]
fn tamil_bengali_thai_and_hebrew_shape_without_notdef() {
    for (span, face, dir) in [
        (Span::plain("முருகன் செல்வம்"), FaceId::Tamil, Direction::Ltr),
        (
            Span::bold("সৌমিত্র চট্টোপাধ্যায়"),
            FaceId::BengaliBold,
            Direction::Ltr,
        ),
        (Span::plain("สมชาย ใจดี"), FaceId::Thai, Direction::Ltr),
        (Span::bold("דוד לוי"), FaceId::HebrewBold, Direction::Rtl),
    ] {
        let text = span.text;
        let runs = one_line(&[span], dir);
        for run in &runs {
            assert_eq!(run.face, face, "{text}");
        }
        assert!(no_notdef(&runs), "{text}");
        let width: f32 = runs.iter().map(|r| r.width(Pt(10.0)).0).sum();
        assert!(width > 10.0, "{text}");
        assert_eq!(extract(&runs), text);
    }
}

#[test]
fn a_character_no_font_has_is_named() {
    let err = wrap(
        &[Span::plain("Ali 𓀀")],
        Pt(10.0),
        Pt(100.0),
        bundled_fonts(),
        Direction::Ltr,
    )
    .unwrap_err();
    assert_eq!(err, Unprintable::NoGlyph { ch: '𓀀' });
}

#[test]
fn advances_scale_with_size_in_points() {
    let at = |size: f32| {
        wrap(
            &[Span::plain("Wang")],
            Pt(size),
            Pt(1000.0),
            bundled_fonts(),
            Direction::Ltr,
        )
        .unwrap()
        .remove(0)
    };
    let line = at(10.0);
    let run = &runs_of(&line)[0];
    let units: i32 = run.glyphs.iter().map(|g| g.advance).sum();
    assert_eq!(run.width(Pt(10.0)), Pt(units as f32 * 10.0 / 1000.0));
    assert_eq!(at(20.0).width.0, 2.0 * line.width.0);
    assert_eq!(
        run.glyphs[0].advance_at(Pt(10.0), run.units_per_em),
        Pt(run.glyphs[0].advance as f32 / 100.0)
    );
}

#[test]
fn a_zero_width_non_joiner_stays_in_its_word_and_changes_the_shape() {
    let (plain, explicit) = ("क्ष", "क्\u{200C}ष");
    let conjunct = plain_line(plain, Direction::Ltr);
    let halant = plain_line(explicit, Direction::Ltr);
    assert_eq!(halant.len(), 1, "the ZWNJ does not split the run");
    assert_eq!(halant[0].face, FaceId::Devanagari);
    assert!(no_notdef(&halant));
    assert_ne!(ids(&conjunct[0]), ids(&halant[0]));
    assert_eq!(extract(&halant), explicit);
}
