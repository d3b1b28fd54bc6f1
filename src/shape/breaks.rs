//! Where a line may end: UAX #14 for most scripts, a dictionary for scripts
//! written without spaces, and never inside a grapheme cluster.

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;

use crate::chars::needs_dictionary;

/// A line may end before byte `at`; `mandatory` after a line feed and at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub at: usize,
    pub mandatory: bool,
}

/// UAX #14's opportunities alone: enough for text that is not shaped
/// (Latin, Cyrillic, CJK), whose characters are each a cluster.
pub(super) fn uax14(text: &str) -> Vec<Break> {
    linebreaks(text)
        .map(|(at, op)| Break {
            at,
            mandatory: op == BreakOpportunity::Mandatory,
        })
        .collect()
}

/// Break opportunities of `text`, in order, each at a grapheme boundary; the
/// last is the mandatory one at `text.len()` (none for empty text).
pub fn break_opportunities(text: &str) -> Vec<Break> {
    let graphemes = grapheme_boundaries(text);
    let is_grapheme_start = |at: usize| graphemes.binary_search(&at).is_ok();
    // A position is the dictionary's to decide when a letter of such a script
    // touches it on either side.
    let in_dictionary_text = |at: usize| {
        text[..at].chars().next_back().is_some_and(needs_dictionary)
            || text[at..].chars().next().is_some_and(needs_dictionary)
    };
    let has_dictionary_text = text.chars().any(needs_dictionary);

    let mut out: Vec<Break> = uax14(text)
        .into_iter()
        .filter(|b| b.mandatory || !has_dictionary_text || !in_dictionary_text(b.at))
        .collect();
    if has_dictionary_text {
        // The dictionary model: the LSTM model, ICU's default, split a Thai
        // given name in two.
        let segmenter = LineSegmenter::new_dictionary(LineBreakOptions::default());
        out.extend(
            segmenter
                .segment_str(text)
                .filter(|&at| at > 0 && at < text.len() && in_dictionary_text(at))
                .map(|at| Break {
                    at,
                    mandatory: false,
                }),
        );
        out.sort_by_key(|b| b.at);
        out.dedup_by_key(|b| b.at);
    }
    out.retain(|b| is_grapheme_start(b.at));
    out
}

/// Byte offsets where a grapheme cluster starts, plus `text.len()`: the only
/// places a word too long for its line may be cut.
pub fn grapheme_boundaries(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
    v.push(text.len());
    v
}
