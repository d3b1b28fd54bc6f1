//! Shaping foundations: joined Arabic, bidi-isolated numbers, Indic clusters,
//! Thai word breaks and the extraction plan, on the bundled Noto fonts.

use mikit::layout::Pt;
use mikit::shape::text_plan::{ActualText, plan_runs};
use mikit::shape::{
    Direction, Font, FontSet, Glyph, Paragraph, ShapeError, ShapedLine, ShapedRun, isolate,
    shape_run,
};
use unicode_script::Script;

static LATIN: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
static ARABIC: &[u8] = include_bytes!("../fonts/NotoSansArabic-Regular.ttf");
static DEVANAGARI: &[u8] = include_bytes!("../fonts/NotoSansDevanagari-Regular.ttf");
static BENGALI: &[u8] = include_bytes!("../fonts/NotoSansBengali-Bold.ttf");
static TAMIL: &[u8] = include_bytes!("../fonts/NotoSansTamil-Regular.ttf");
static THAI: &[u8] = include_bytes!("../fonts/NotoSansThai-Regular.ttf");
static HEBREW: &[u8] = include_bytes!("../fonts/NotoSansHebrew-Bold.ttf");

const LATIN_FONT: usize = 0;
const ARABIC_FONT: usize = 1;

fn fonts() -> FontSet<'static> {
    let f = |bytes, scripts: &[Script]| Font::new(bytes, scripts).unwrap();
    FontSet::new(vec![
        f(LATIN, &[Script::Latin, Script::Cyrillic, Script::Greek]),
        f(ARABIC, &[Script::Arabic]),
        f(DEVANAGARI, &[Script::Devanagari]),
        f(BENGALI, &[Script::Bengali]),
        f(TAMIL, &[Script::Tamil]),
        f(THAI, &[Script::Thai]),
        f(HEBREW, &[Script::Hebrew]),
    ])
}

fn whole_line<'t>(text: &'t str, dir: Direction, fonts: &FontSet) -> (Paragraph<'t>, ShapedLine) {
    let p = Paragraph::new(text, dir);
    let line = p.line(0..text.len(), fonts).unwrap();
    (p, line)
}

/// What a reader that honours /ActualText extracts, run by run in drawing
/// order, and with each right-to-left run's clusters put back in reading order.
fn extract(text: &str, line: &ShapedLine) -> String {
    let pairs: Vec<(&str, &ShapedRun)> = line.runs.iter().map(|r| (text, r)).collect();
    let plans = plan_runs(&pairs);
    let mut out = String::new();
    for (run, plan) in line.runs.iter().zip(&plans) {
        let mut pieces = Vec::new();
        let mut i = 0;
        while i < run.glyphs.len() {
            match plan.actual_text.iter().find(|a| a.glyphs.start == i) {
                Some(a) => {
                    pieces.push(a.text.clone());
                    i = a.glyphs.end;
                }
                None => {
                    pieces.push(plan.cids[i].clone());
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

fn ids(run: &ShapedRun) -> Vec<u16> {
    run.glyphs.iter().map(|g| g.id).collect()
}

#[test]
fn arabic_name_joins_and_runs_right_to_left() {
    let fonts = fonts();
    let text = "محمد العلي";
    let (_, line) = whole_line(text, Direction::Rtl, &fonts);
    assert!(
        line.runs
            .iter()
            .all(|r| r.font == ARABIC_FONT && r.direction.is_rtl())
    );
    let glyphs: Vec<Glyph> = line.runs.iter().flat_map(|r| r.glyphs.clone()).collect();
    assert!(glyphs.iter().all(|g| g.id != 0), "no .notdef");

    // Right to left: the first glyph drawn is the last letter read.
    let clusters: Vec<usize> = glyphs.iter().map(|g| g.cluster).collect();
    assert_eq!(clusters.first(), Some(&text.rfind('ي').unwrap()));
    assert!(clusters.windows(2).all(|w| w[0] >= w[1]), "{clusters:?}");

    // Joined: the word's glyphs are not the letters' isolated forms.
    let word = "محمد";
    let joined = shape_run(
        word,
        0..word.len(),
        &fonts,
        ARABIC_FONT,
        Script::Arabic,
        Direction::Rtl,
    );
    let mut isolated: Vec<u16> = word
        .char_indices()
        .map(|(i, c)| {
            let r = shape_run(
                word,
                i..i + c.len_utf8(),
                &fonts,
                ARABIC_FONT,
                Script::Arabic,
                Direction::Rtl,
            );
            // Without the word around it: shape the letter as a text of its own.
            let alone = c.to_string();
            let r2 = shape_run(
                &alone,
                0..alone.len(),
                &fonts,
                ARABIC_FONT,
                Script::Arabic,
                Direction::Rtl,
            );
            assert_eq!(r.glyphs.len(), 1);
            r2.glyphs[0].id
        })
        .collect();
    isolated.reverse(); // visual order
    let joined_ids = ids(&joined);
    assert_eq!(joined_ids.len(), isolated.len());
    let differing = joined_ids
        .iter()
        .zip(&isolated)
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(
        differing, 4,
        "every letter of محمد takes a joined form: {joined_ids:?} vs {isolated:?}"
    );

    assert_eq!(extract(text, &line), text);
}

#[test]
fn arabic_letters_join_across_an_item_edge() {
    // Context: the letter shaped alone inside the word still joins.
    let fonts = fonts();
    let word = "محمد";
    let m = 'ح'.len_utf8() + 'م'.len_utf8();
    let middle = shape_run(
        word,
        'م'.len_utf8()..m,
        &fonts,
        ARABIC_FONT,
        Script::Arabic,
        Direction::Rtl,
    );
    let alone = shape_run(
        "ح",
        0..'ح'.len_utf8(),
        &fonts,
        ARABIC_FONT,
        Script::Arabic,
        Direction::Rtl,
    );
    assert_ne!(ids(&middle), ids(&alone));
}

#[test]
fn isolated_phone_number_keeps_its_digits_in_order_in_an_arabic_line() {
    let fonts = fonts();
    let visual_digits = |text: &str| {
        let (_, line) = whole_line(text, Direction::Rtl, &fonts);
        let mut s = String::new();
        for run in &line.runs {
            for c in run.clusters() {
                s.push_str(
                    &text[c.text]
                        .chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect::<String>(),
                );
            }
        }
        (s, line)
    };
    let text = format!("الهاتف: {}", isolate("+971 50 123 4567"));
    let (digits, line) = visual_digits(&text);
    assert_eq!(digits, "+971501234567");
    // Drawn from the left: the number (left to right, default font for '+')
    // first, the Arabic label at the right end.
    assert!(!line.runs[0].direction.is_rtl());
    assert_eq!(line.runs.last().unwrap().font, ARABIC_FONT);
    assert_eq!(
        extract(&text, &line).replace(' ', ""),
        "+971501234567الهاتف:".replace(' ', "")
    );

    // Why isolation: unisolated, UAX #9 reorders the digit groups.
    let (unisolated, _) = visual_digits("الهاتف: +971 50 123 4567");
    assert_ne!(unisolated, "+971501234567");
}

#[test]
fn email_stays_left_to_right_and_arabic_name_right_to_left_inside_the_other() {
    let fonts = fonts();
    let text = format!("البريد: {}", isolate("ali.r@example.com"));
    let (_, line) = whole_line(&text, Direction::Rtl, &fonts);
    let email: String = line
        .runs
        .iter()
        .filter(|r| !r.direction.is_rtl())
        .flat_map(|r| r.clusters().into_iter().map(|c| text[c.text].to_string()))
        .collect();
    assert_eq!(email, "ali.r@example.com");

    let text = format!("Name: {} (owner)", isolate("محمد العلي"));
    let (_, line) = whole_line(&text, Direction::Ltr, &fonts);
    assert_eq!(line.runs.first().unwrap().font, LATIN_FONT);
    assert!(
        line.runs
            .iter()
            .any(|r| r.direction.is_rtl() && r.font == ARABIC_FONT)
    );
    assert_eq!(extract(&text, &line), "Name: محمد العلي (owner)");
}

#[test]
fn devanagari_clusters_hold_several_glyphs_and_extract_exactly() {
    let fonts = fonts();
    let text = "प्रिया शर्मा";
    let (_, line) = whole_line(text, Direction::Ltr, &fonts);
    let run = &line.runs[0];
    assert!(run.glyphs.iter().all(|g| g.id != 0));
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
    let pra = "प्र";
    let conjunct = shape_run(
        pra,
        0..pra.len(),
        &fonts,
        2,
        Script::Devanagari,
        Direction::Ltr,
    );
    assert_eq!(conjunct.glyphs.len(), 1);
    assert_eq!(pri.glyphs.len(), 2);
    assert_eq!(run.glyphs[pri.glyphs.end - 1].id, conjunct.glyphs[0].id);

    let pairs = [(text, run)];
    let plan = &plan_runs(&pairs)[0];
    assert!(plan.actual_text.iter().any(|a| a.text == "प्रि"));
    assert_eq!(extract(text, &line), text);
}

#[test]
fn a_glyph_keeps_its_first_text_and_a_conflict_gets_actual_text() {
    let run = |cluster_text_len: usize| ShapedRun {
        range: 0..cluster_text_len,
        font: 0,
        direction: Direction::Ltr,
        units_per_em: 1000,
        glyphs: vec![Glyph {
            id: 7,
            advance: 500,
            x_offset: 0,
            y_offset: 0,
            cluster: 0,
        }],
    };
    let (a, b) = (run(1), run(2));
    let plans = plan_runs(&[("x", &a), ("fi", &b)]);
    assert_eq!(plans[0].cids, ["x"]);
    assert!(plans[0].actual_text.is_empty());
    assert_eq!(plans[1].cids, ["x"], "one ToUnicode entry per glyph id");
    assert_eq!(
        plans[1].actual_text,
        [ActualText {
            glyphs: 0..1,
            text: "fi".into()
        }]
    );
    // Another font's glyph 7 is another glyph.
    let other = ShapedRun { font: 1, ..run(2) };
    assert!(
        plan_runs(&[("x", &a), ("fi", &other)])[1]
            .actual_text
            .is_empty()
    );
}

fn break_points(text: &str) -> Vec<&str> {
    let p = Paragraph::new(text, Direction::Ltr);
    let mut words = Vec::new();
    let mut start = 0;
    for b in p.breaks() {
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

#[test]
fn thai_sentence_wraps_between_words() {
    let fonts = fonts();
    let text = "ฉันรักภาษาไทยมาก";
    let p = Paragraph::new(text, Direction::Ltr);
    let full = p.line(0..text.len(), &fonts).unwrap().width(Pt(10.0));
    let lines = p.wrap(&fonts, Pt(10.0), Pt(full.0 * 0.6)).unwrap();
    assert!(lines.len() >= 2, "{lines:?}");
    let words: Vec<usize> = p.breaks().iter().map(|b| b.at).collect();
    for l in &lines {
        assert!(
            l.start == 0 || words.contains(&l.start),
            "{l:?} starts inside a word"
        );
        assert!(words.contains(&l.end), "{l:?} ends inside a word");
    }
}

#[test]
fn an_overlong_word_is_cut_between_grapheme_clusters() {
    let fonts = fonts();
    let text = "प्रियाप्रियाप्रिया";
    let p = Paragraph::new(text, Direction::Ltr);
    let lines = p.wrap(&fonts, Pt(10.0), Pt(25.0)).unwrap();
    assert!(lines.len() >= 2, "{lines:?}");
    let graphemes = mikit::shape::grapheme_boundaries(text);
    for l in &lines {
        assert!(
            graphemes.contains(&l.start) && graphemes.contains(&l.end),
            "{l:?}"
        );
        assert!(
            p.line(l.clone(), &fonts).unwrap().width(Pt(10.0)).0 <= 25.0 || l.len() <= "प्रि".len()
        );
    }
    assert_eq!(lines.first().unwrap().start, 0);
    assert_eq!(lines.last().unwrap().end, text.len());
}

#[test]
fn tamil_bengali_thai_and_hebrew_shape_without_notdef() {
    let fonts = fonts();
    for (text, font, dir) in [
        ("முருகன் செல்வம்", 4, Direction::Ltr),
        ("সৌমিত্র চট্টোপাধ্যায়", 3, Direction::Ltr),
        ("สมชาย ใจดี", 5, Direction::Ltr),
        ("דוד לוי", 6, Direction::Rtl),
    ] {
        let (_, line) = whole_line(text, dir, &fonts);
        for run in &line.runs {
            assert_eq!(run.font, font, "{text}");
            assert!(
                run.glyphs.iter().all(|g| g.id != 0),
                "{text}: .notdef in {:?}",
                ids(run)
            );
        }
        assert!(line.width(Pt(10.0)).0 > 10.0);
        assert_eq!(extract(text, &line), text);
    }
}

#[test]
fn a_character_no_font_has_is_named() {
    let fonts = fonts();
    let text = "Ali 𓀀";
    let p = Paragraph::new(text, Direction::Ltr);
    assert_eq!(
        p.line(0..text.len(), &fonts),
        Err(ShapeError::NoFont { ch: '𓀀', at: 4 })
    );
}

#[test]
fn advances_scale_with_size_in_points() {
    let fonts = fonts();
    let (_, line) = whole_line("Wang", Direction::Ltr, &fonts);
    let run = &line.runs[0];
    let units: i32 = run.glyphs.iter().map(|g| g.advance).sum();
    assert_eq!(run.width(Pt(10.0)), Pt(units as f32 * 10.0 / 1000.0));
    assert_eq!(line.width(Pt(20.0)).0, 2.0 * line.width(Pt(10.0)).0);
    assert_eq!(
        run.glyphs[0].advance_at(Pt(10.0), run.units_per_em),
        Pt(run.glyphs[0].advance as f32 / 100.0)
    );
}

#[test]
fn a_zero_width_non_joiner_stays_in_its_word_and_changes_the_shape() {
    let fonts = fonts();
    let (plain, explicit) = ("क्ष", "क्\u{200C}ष");
    let (_, conjunct) = whole_line(plain, Direction::Ltr, &fonts);
    let (_, halant) = whole_line(explicit, Direction::Ltr, &fonts);
    assert_eq!(halant.runs.len(), 1, "the ZWNJ does not split the run");
    assert_eq!(halant.runs[0].font, 2);
    assert!(halant.runs[0].glyphs.iter().all(|g| g.id != 0));
    assert_ne!(ids(&conjunct.runs[0]), ids(&halant.runs[0]));
    assert_eq!(extract(explicit, &halant), explicit);
}
