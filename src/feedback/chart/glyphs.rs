//! A bitmap backend that sets text itself from the embedded font, placing each glyph by its own
//! bearings (plotters 0.3.7's ab_glyph text ignores them, so letters drift apart).

use ab_glyph::{Font, FontRef, Glyph, PxScale, ScaleFont, point};
use plotters::prelude::{BitMapBackend, DrawingBackend};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

type Error = DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>;

/// [`BitMapBackend`] with all text set in `font`, whatever family a style names.
pub struct GlyphBackend<'a> {
    inner: BitMapBackend<'a>,
    font: &'static FontRef<'static>,
}

impl<'a> GlyphBackend<'a> {
    pub fn new(inner: BitMapBackend<'a>, font: &'static FontRef<'static>) -> Self {
        Self { inner, font }
    }

    /// The glyphs of `text` on one line whose top-left is (0, 0), and the line's width and height.
    fn layout(&self, text: &str, size: f64) -> (Vec<Glyph>, f32, f32) {
        let font = self.font.as_scaled(PxScale::from(size as f32));
        let (mut caret, mut previous, mut glyphs) = (0.0, None, Vec::new());
        for c in text.chars() {
            let id = font.glyph_id(c);
            caret += previous.map_or(0.0, |p| font.kern(p, id));
            glyphs.push(id.with_scale_and_position(font.scale(), point(caret, font.ascent())));
            caret += font.h_advance(id);
            previous = Some(id);
        }
        (glyphs, caret, font.ascent() - font.descent())
    }
}

impl DrawingBackend for GlyphBackend<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Error> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_circle(c, r, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Error> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Error> {
        let (_, width, height) = self.layout(text, style.size());
        Ok((width.ceil() as u32, height.ceil() as u32))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        let colour = style.color();
        let (glyphs, width, height) = self.layout(text, style.size());
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        }
        .round() as i32;
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        }
        .round() as i32;
        let mut coverage = Vec::new();
        for outline in glyphs
            .into_iter()
            .filter_map(|g| self.font.outline_glyph(g))
        {
            let min = outline.px_bounds().min;
            let (x0, y0) = (min.x as i32 + dx, min.y as i32 + dy);
            outline.draw(|x, y, c| coverage.push((x0 + x as i32, y0 + y as i32, c)));
        }
        let transform = style.transform();
        for (x, y, c) in coverage.into_iter().filter(|&(_, _, c)| c > 0.0) {
            let (x, y) = transform.transform(x, y);
            let alpha = colour.alpha * f64::from(c.min(1.0));
            self.inner.draw_pixel(
                (pos.0 + x, pos.1 + y),
                BackendColor {
                    alpha,
                    rgb: colour.rgb,
                },
            )?;
        }
        Ok(())
    }
}
