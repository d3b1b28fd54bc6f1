//! Lengths: points are the layout's currency, millimetres its input. A leaf
//! of the crate, so the text engine, layout and render share one `Pt`.

use std::ops::{Add, AddAssign, Mul, Sub};

/// A PDF point, 1/72 inch.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Pt(pub f32);

/// A millimetre, for stating margins and sizes the way a designer would.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Mm(pub f32);

impl From<Mm> for Pt {
    fn from(mm: Mm) -> Pt {
        Pt(mm.0 * 72.0 / 25.4)
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}
impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}
impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}
impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, k: f32) -> Pt {
        Pt(self.0 * k)
    }
}

impl Pt {
    pub fn max(self, o: Pt) -> Pt {
        if self.0 >= o.0 { self } else { o }
    }
    pub fn min(self, o: Pt) -> Pt {
        if self.0 <= o.0 { self } else { o }
    }
}
