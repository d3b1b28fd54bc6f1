//! Phase 2, prepare: a paragraph whose text joins, reorders or runs right
//! to left is given bidi levels and shaped, so each atom carries its
//! cluster's advance; any other paragraph keeps the fonts' own advances (the
//! cheap path: Latin, Cyrillic and CJK need no shaper to be measured).

use unicode_bidi::ParagraphBidiInfo;

use super::bidi::Direction;
use super::collect::{Atom, Span, atoms, isolate_values};
use super::shaper::shape;
use crate::chars::{is_format_control, needs_shaping};
use crate::fonts::{Fonts, Unprintable};
use crate::units::Pt;

/// A paragraph's atoms, and its text when it is shaped.
pub(super) struct Prepared {
    pub atoms: Vec<Atom>,
    pub shaped: Option<ShapedText>,
}

/// What shaping a paragraph's lines again for drawing needs.
pub(super) struct ShapedText {
    pub text: String,
    pub direction: Direction,
    pub size: Pt,
}

/// Atoms measured as they will print: by each character's advance, or for a
/// paragraph with text that joins, reorders or runs right to left (and every
/// paragraph of a right-to-left document) by the shaper's advances.
pub(super) fn prepare(
    spans: &[Span<'_>],
    size: Pt,
    max: Pt,
    fonts: &Fonts,
    direction: Direction,
) -> Result<Prepared, Unprintable> {
    let mut atoms = atoms(spans, size, max, fonts)?;
    let wanted = direction.is_rtl()
        || atoms
            .iter()
            .any(|a| a.face.is_shaped() || needs_shaping(a.ch));
    if !wanted {
        return Ok(Prepared {
            atoms,
            shaped: None,
        });
    }
    atoms = isolate_values(atoms);
    let mut text = String::with_capacity(atoms.len() * 2);
    for atom in &mut atoms {
        atom.at = text.len();
        text.push(atom.ch);
    }
    let bidi = ParagraphBidiInfo::new(&text, Some(direction.level()));
    // Logical shaping, one piece per face and embedding level: widths for
    // breaking lines. Lines are shaped again in visual order when drawn.
    let mut start = 0;
    while start < atoms.len() {
        let mut end = start + 1;
        let same = |a: &Atom, b: &Atom| {
            !a.blank
                && !b.blank
                && a.ch != '\n'
                && b.ch != '\n'
                && a.face == b.face
                && bidi.levels[a.at] == bidi.levels[b.at]
        };
        while end < atoms.len() && same(&atoms[start], &atoms[end]) {
            end += 1;
        }
        if !atoms[start].blank && atoms[start].ch != '\n' {
            let range = atoms[start].at..atoms[end - 1].at + atoms[end - 1].ch.len_utf8();
            let run = shape(
                &text,
                range,
                atoms[start].face,
                Direction::of_level(bidi.levels[atoms[start].at]),
                fonts,
            );
            let scale = size.0 * atoms[start].face.optical_scale() / f32::from(run.units_per_em);
            for atom in &mut atoms[start..end] {
                atom.width = Pt(0.0);
                atom.joined = true;
            }
            for atom in atoms[start..end]
                .iter_mut()
                .filter(|a| is_format_control(a.ch))
            {
                // Dropped by the shaper, and no part of a cluster.
                atom.joined = false;
            }
            for g in &run.glyphs {
                // Atoms are in byte order within the piece.
                let k = atoms[start..end].partition_point(|a| a.at < g.cluster);
                if let Some(atom) = atoms[start..end].get_mut(k) {
                    atom.width += Pt(g.advance as f32 * scale);
                    atom.joined = false;
                }
            }
        }
        start = end;
    }
    Ok(Prepared {
        atoms,
        shaped: Some(ShapedText {
            text,
            direction,
            size,
        }),
    })
}
