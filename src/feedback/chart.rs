//! The leads' PDSA chart: mean rating and response rate over time per session type, with the
//! starts of improvement cycles marked, drawn to PNG bytes in memory with an embedded font.

mod glyphs;
mod header;

use std::ops::Range;
use std::sync::OnceLock;

use ab_glyph::FontRef;
use chrono::{Days, NaiveDate};
use plotters::coord::Shift;
use plotters::coord::combinators::{BindKeyPoints, WithKeyPoints};
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use glyphs::GlyphBackend;
use header::draw_header;

/// One session's (or one period's) figures for a session type.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub date: NaiveDate,
    /// `None` where the group was too small to report: drawn as a gap in the line.
    pub mean_rating: Option<f64>,
    /// Share of attendees who gave feedback, 0.0..=1.0.
    pub response_rate: f64,
}

/// The points of one session type, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSeries {
    pub label: String,
    pub points: Vec<ChartPoint>,
}

/// Where a PDSA cycle began, drawn as a dashed vertical line labelled with `label` (e.g. "Cycle 2").
#[derive(Debug, Clone, PartialEq)]
pub struct CycleMark {
    pub date: NaiveDate,
    pub label: String,
}

/// Why no chart came out.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// No series had a single point.
    #[error("there is nothing to draw: no series has any points")]
    NothingToDraw,
    /// The font, the drawing or the PNG encoding failed.
    #[error("could not draw the chart: {0}")]
    Drawing(String),
}

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 700;
const FONT: &str = "sans-serif";
const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const INK: RGBColor = RGBColor(50, 50, 50);
const GRID: RGBColor = RGBColor(225, 225, 225);
const CYCLE: RGBColor = RGBColor(90, 90, 90);
/// Tableau 10's first eight: distinct on white, and for most colour-blind readers.
#[rustfmt::skip]
const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180), RGBColor(255, 127, 14), RGBColor(44, 160, 44), RGBColor(214, 39, 40),
    RGBColor(148, 103, 189), RGBColor(140, 86, 75), RGBColor(227, 119, 194), RGBColor(23, 190, 207),
];
/// Where the plots start (a margin, then the y labels) and the margin right of them.
const PLOT_LEFT: i32 = 82;
const PLOT_RIGHT: i32 = 28;

type Area<'a> = DrawingArea<GlyphBackend<'a>, Shift>;
type Coords = Cartesian2d<WithKeyPoints<RangedCoordi32>, RangedCoordf64>;

/// What one panel plots: its y range and tick count, the unit of its labels, and the figure.
struct Panel {
    desc: &'static str,
    y: Range<f64>,
    ticks: usize,
    unit: &'static str,
    value: fn(&ChartPoint) -> Option<f64>,
}

#[rustfmt::skip]
const RATING: Panel = Panel {
    desc: "Mean rating (1–5)", y: 0.7..5.3, ticks: 5, unit: "",
    value: |p| p.mean_rating.map(|r| r.clamp(1.0, 5.0)),
};
#[rustfmt::skip]
const RESPONSE: Panel = Panel {
    desc: "Response rate", y: -5.0..105.0, ticks: 6, unit: "%",
    value: |p| Some(p.response_rate.clamp(0.0, 1.0) * 100.0),
};

/// Draws `series` (mean rating above, response rate below, sharing a date axis) with `cycles`
/// marked, under `title`; returns a PNG of 1000×700 pixels.
pub fn render_feedback_chart(
    title: &str,
    series: &[ChartSeries],
    cycles: &[CycleMark],
) -> Result<Vec<u8>, ChartError> {
    let axis = DateAxis::new(series, cycles).ok_or(ChartError::NothingToDraw)?;
    let font = embedded_font()?;
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let bitmap = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT));
        let root = GlyphBackend::new(bitmap, font).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let header_bottom = draw_header(&root, title, &axis, series, cycles)?;
        let (_, panels) = root.split_vertically(header_bottom);
        // Equal plot heights: the lower panel also holds the dates (32 pixels more).
        let (top, bottom) = panels.split_vertically((panels.dim_in_pixel().1 as i32 - 32) / 2);
        draw_panel(&top, &axis, &RATING, series, cycles, false)?;
        draw_panel(&bottom, &axis, &RESPONSE, series, cycles, true)?;
        root.present().map_err(drawing)?;
    }
    encode_png(&rgb)
}

fn drawing(error: impl std::fmt::Display) -> ChartError {
    ChartError::Drawing(error.to_string())
}

/// The embedded font, parsed once; also registered with plotters for its default family, so
/// that no text plotters sets itself looks for system fonts.
fn embedded_font() -> Result<&'static FontRef<'static>, ChartError> {
    static PARSED: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let font = PARSED.get_or_init(|| {
        let registered = register_font(FONT, FontStyle::Normal, FONT_BYTES).is_ok();
        FontRef::try_from_slice(FONT_BYTES)
            .ok()
            .filter(|_| registered)
    });
    let unreadable = || ChartError::Drawing("the embedded font is unreadable".into());
    font.as_ref().ok_or_else(unreadable)
}

fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// The x axis: whole days from the earliest date, padded so that lone points sit off the edges.
struct DateAxis {
    first: NaiveDate,
    range: Range<i32>,
    ticks: Vec<i32>,
}

impl DateAxis {
    /// Spans every point and cycle; `None` when there are no points.
    fn new(series: &[ChartSeries], cycles: &[CycleMark]) -> Option<Self> {
        let points = series.iter().flat_map(|s| &s.points).map(|p| p.date);
        let dates = cycles.iter().map(|c| c.date).chain([points.clone().min()?]);
        let first = dates.clone().min()?;
        let last = dates.chain(points).max()?;
        let span = i32::try_from((last - first).num_days()).unwrap_or(i32::MAX / 2);
        // At most eight ticks, a whole number of weeks apart once they are over a week apart.
        let step = match (span + 6) / 7 {
            days if days > 7 => (days + 6) / 7 * 7,
            days => days.max(1),
        };
        let ticks = (0..=span).step_by(step as usize).collect();
        let pad = (span / 25).max(3);
        Some(Self {
            first,
            range: -pad..span + pad,
            ticks,
        })
    }

    fn x(&self, date: NaiveDate) -> i32 {
        i32::try_from((date - self.first).num_days()).unwrap_or(0)
    }

    /// "12 Mar 26" for the day `x`.
    fn label(&self, x: &i32) -> String {
        let date = self
            .first
            .checked_add_days(Days::new(u64::try_from(*x).unwrap_or(0)));
        date.map(|d| d.format("%-d %b %y").to_string())
            .unwrap_or_default()
    }
}

/// One panel: its axes, grid and labels, the cycle lines, then every series.
fn draw_panel(
    area: &Area,
    axis: &DateAxis,
    panel: &Panel,
    series: &[ChartSeries],
    cycles: &[CycleMark],
    dated: bool,
) -> Result<(), ChartError> {
    let x_range = axis.range.clone().with_key_points(axis.ticks.clone());
    let mut chart = ChartBuilder::on(area)
        .margin(6)
        .margin_right(PLOT_RIGHT)
        .y_label_area_size(PLOT_LEFT - 6)
        .x_label_area_size(if dated { 32 } else { 0 })
        .build_cartesian_2d(x_range, panel.y.clone())
        .map_err(drawing)?;
    let date_label = |x: &i32| axis.label(x);
    let value_label = |y: &f64| format!("{y:.0}{}", panel.unit);
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(RGBColor(160, 160, 160))
        .y_labels(panel.ticks)
        .label_style(text(13))
        .axis_desc_style(text(14))
        .x_label_formatter(&date_label)
        .y_label_formatter(&value_label)
        .y_desc(panel.desc)
        .draw()
        .map_err(drawing)?;
    let (lo, hi) = (panel.y.start, panel.y.end);
    for x in cycles.iter().map(|c| axis.x(c.date)) {
        let line = DashedLineSeries::new([(x, lo), (x, hi)], 6, 4, CYCLE.stroke_width(1));
        chart.draw_series(line).map_err(drawing)?;
    }
    for (i, s) in series.iter().enumerate() {
        draw_series(&mut chart, axis, panel, s, PALETTE[i % PALETTE.len()])?;
    }
    Ok(())
}

/// Lines through consecutive known values (an unknown one leaves a gap), and a marker on each.
fn draw_series(
    chart: &mut ChartContext<GlyphBackend, Coords>,
    axis: &DateAxis,
    panel: &Panel,
    series: &ChartSeries,
    colour: RGBColor,
) -> Result<(), ChartError> {
    let place = |p: &ChartPoint| {
        let value = (panel.value)(p).filter(|v| v.is_finite());
        value.map(|v| (axis.x(p.date), v))
    };
    let values: Vec<Option<(i32, f64)>> = series.points.iter().map(place).collect();
    for run in values.split(Option::is_none) {
        let line = LineSeries::new(run.iter().flatten().copied(), colour.stroke_width(2));
        chart.draw_series(line).map_err(drawing)?;
    }
    let markers = values
        .iter()
        .flatten()
        .map(|&at| Circle::new(at, 4, colour.filled()));
    chart.draw_series(markers).map_err(drawing)?;
    Ok(())
}

fn encode_png(rgb: &[u8]) -> Result<Vec<u8>, ChartError> {
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(drawing)?;
    writer.write_image_data(rgb).map_err(drawing)?;
    writer.finish().map_err(drawing)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str) -> NaiveDate {
        date.parse().unwrap()
    }

    fn point(date: &str, mean_rating: Option<f64>, response_rate: f64) -> ChartPoint {
        ChartPoint {
            date: day(date),
            mean_rating,
            response_rate,
        }
    }

    fn series(label: &str, points: Vec<ChartPoint>) -> Vec<ChartSeries> {
        vec![ChartSeries {
            label: label.into(),
            points,
        }]
    }

    fn cycle(date: &str, label: &str) -> CycleMark {
        CycleMark {
            date: day(date),
            label: label.into(),
        }
    }

    /// `weeks` weekly sessions from `start`, each figure a wave around `base`; `gaps` suppressed.
    fn weekly(label: &str, start: &str, weeks: u64, base: f64, gaps: &[u64]) -> ChartSeries {
        let points = (0..weeks).map(|w| ChartPoint {
            date: day(start) + Days::new(7 * w),
            mean_rating: (!gaps.contains(&w))
                .then(|| base + 0.04 * w as f64 + 0.2 * (w as f64).sin()),
            response_rate: (base - 3.0) / 2.0 + 0.025 * w as f64 + 0.08 * (w as f64 * 1.3).cos(),
        });
        ChartSeries {
            label: label.into(),
            points: points.collect(),
        }
    }

    fn size_of(png_bytes: &[u8]) -> (u32, u32) {
        let reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
            .read_info()
            .unwrap();
        (reader.info().width, reader.info().height)
    }

    #[test]
    fn the_chart_is_a_png_of_the_promised_size_even_with_eight_series() {
        let eight: Vec<_> = (0..8)
            .map(|i| {
                weekly(
                    &format!("Type {i}"),
                    "2026-01-05",
                    12,
                    3.0 + 0.2 * i as f64,
                    &[],
                )
            })
            .collect();
        let png_bytes =
            render_feedback_chart("Eight", &eight, &[cycle("2026-02-02", "Cycle 1")]).unwrap();
        assert!(png_bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(size_of(&png_bytes), (WIDTH, HEIGHT));
    }

    #[test]
    fn more_series_and_cycles_than_there_is_room_for_still_draw() {
        let label = |i| format!("A rather long session type name, number {i}");
        let many: Vec<_> = (0..40)
            .map(|i| weekly(&label(i), "2026-01-05", 6, 4.0, &[]))
            .collect();
        let cycles: Vec<_> = (0..9).map(|i| cycle("2026-01-19", &label(i))).collect();
        render_feedback_chart("Many", &many, &cycles).unwrap();
    }

    #[test]
    fn no_series_or_no_points_is_nothing_to_draw() {
        assert!(matches!(
            render_feedback_chart("t", &[], &[]),
            Err(ChartError::NothingToDraw)
        ));
        let cycles = [cycle("2026-03-12", "Cycle 1")];
        let empty = render_feedback_chart("t", &series("Teaching", vec![]), &cycles);
        assert!(matches!(empty, Err(ChartError::NothingToDraw)));
    }

    #[test]
    fn a_series_with_every_rating_suppressed_still_draws_its_response_rate() {
        let points = vec![
            point("2026-03-12", None, 0.4),
            point("2026-03-19", None, 0.6),
        ];
        let png_bytes =
            render_feedback_chart("Small groups", &series("Pastoral", points), &[]).unwrap();
        assert_eq!(size_of(&png_bytes), (WIDTH, HEIGHT));
    }

    #[test]
    fn a_single_point_or_points_all_on_one_date_draw() {
        let one = series("Teaching", vec![point("2026-03-12", Some(4.5), 0.8)]);
        render_feedback_chart("One", &one, &[]).unwrap();
        let same_day = vec![
            point("2026-03-12", Some(4.0), 0.5),
            point("2026-03-12", Some(3.0), 1.0),
        ];
        let cycles = [
            cycle("2026-03-12", "Cycle 1"),
            cycle("2026-03-12", "Cycle 2"),
        ];
        render_feedback_chart("Same day", &series("Teaching", same_day), &cycles).unwrap();
    }

    #[test]
    fn dates_years_apart_and_figures_out_of_range_draw() {
        let points = vec![
            point("2019-01-01", Some(9.0), 1.5),
            point("2026-12-31", Some(f64::NAN), -0.2),
        ];
        render_feedback_chart("Far apart", &series("Teaching", points), &[]).unwrap();
    }

    #[test]
    fn a_long_title_with_characters_missing_from_the_font_draws() {
        let title = "Pastoral – Wolverhampton ✓ 🩺 日本語 ".repeat(5);
        let one = series(&title, vec![point("2026-03-12", Some(4.5), 0.8)]);
        render_feedback_chart(&title, &one, &[cycle("2026-03-12", &title)]).unwrap();
    }

    /// Writes the chart a person looks at: `cargo test --lib feedback::chart -- --ignored`.
    #[test]
    #[ignore = "writes feedback-chart-sample.png to the temporary directory"]
    fn writes_a_sample_chart_to_look_at() {
        let series = [
            weekly("Teaching – Wolverhampton", "2026-01-06", 16, 3.4, &[]),
            weekly("Pastoral", "2026-01-08", 16, 3.7, &[3, 4, 9]),
            weekly("Simulation", "2026-01-09", 16, 3.1, &[6]),
        ];
        let cycles = [
            cycle("2026-02-02", "Cycle 1"),
            cycle("2026-02-09", "Cycle 2"),
            cycle("2026-03-16", "Cycle 3"),
        ];
        let png_bytes =
            render_feedback_chart("Session feedback – Wolverhampton ✓", &series, &cycles).unwrap();
        std::fs::write(
            std::env::temp_dir().join("feedback-chart-sample.png"),
            png_bytes,
        )
        .unwrap();
    }
}
