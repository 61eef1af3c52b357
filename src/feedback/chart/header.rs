//! The chart's header: its title, the legend of series, and the cycle labels over the plots.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Area, CYCLE, ChartError, ChartSeries, CycleMark, DateAxis, PALETTE, PLOT_LEFT};
use super::{PLOT_RIGHT, WIDTH, drawing, text};

/// Where the legend starts, its most rows, and the height of one.
const LEGEND_TOP: i32 = 56;
const LEGEND_ROWS: i32 = 4;
const LEGEND_ROW: i32 = 22;
/// Most rows of cycle labels, and the height of one.
const LABEL_ROWS: usize = 3;
const LABEL_ROW: i32 = 16;

/// Draws the title, the legend and the cycle labels; returns the y where the plots may begin.
pub(super) fn draw_header(
    root: &Area,
    title: &str,
    axis: &DateAxis,
    series: &[ChartSeries],
    cycles: &[CycleMark],
) -> Result<i32, ChartError> {
    let centred = text(22).pos(Pos::new(HPos::Center, VPos::Center));
    let title = Text::new(shorten(title, 72), (WIDTH as i32 / 2, 22), centred);
    root.draw(&title).map_err(drawing)?;
    let legend_bottom = draw_legend(root, series)?;
    let labels = place_cycle_labels(root, axis, cycles)?;
    let rows = labels
        .iter()
        .map(|&(_, _, row)| row as i32 + 1)
        .max()
        .unwrap_or(0);
    let bottom = legend_bottom + rows * LABEL_ROW;
    let style = text(13)
        .color(&CYCLE)
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    for (label, left, row) in labels {
        let at = (left, bottom - row as i32 * LABEL_ROW);
        root.draw(&Text::new(label, at, style.clone()))
            .map_err(drawing)?;
    }
    Ok(bottom)
}

/// `text` cut to `max` characters, ending in an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    text.chars().take(max - 1).chain(['…']).collect()
}

fn width_of(root: &Area, label: &str, size: u32) -> Result<i32, ChartError> {
    let (width, _) = root
        .estimate_text_size(label, &text(size))
        .map_err(drawing)?;
    Ok(width as i32)
}

/// One entry per series under the title, wrapped into at most [`LEGEND_ROWS`] rows (the last
/// saying how many more did not fit); returns the y just below it.
fn draw_legend(root: &Area, series: &[ChartSeries]) -> Result<i32, ChartError> {
    let (mut x, mut y) = (PLOT_LEFT, LEGEND_TOP);
    let style = text(14).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, s) in series.iter().enumerate() {
        let (colour, label) = (PALETTE[i % PALETTE.len()], shorten(&s.label, 40));
        let width = 34 + width_of(root, &label, 14)?;
        if x > PLOT_LEFT && x + width > WIDTH as i32 - PLOT_RIGHT {
            if y >= LEGEND_TOP + LEGEND_ROW * (LEGEND_ROWS - 1) {
                let more = format!("and {} more", series.len() - i);
                root.draw(&Text::new(more, (x, y), style))
                    .map_err(drawing)?;
                break;
            }
            (x, y) = (PLOT_LEFT, y + LEGEND_ROW);
        }
        let swatch = PathElement::new([(x, y), (x + 26, y)], colour.stroke_width(2));
        root.draw(&swatch).map_err(drawing)?;
        root.draw(&Circle::new((x + 13, y), 4, colour.filled()))
            .map_err(drawing)?;
        root.draw(&Text::new(label, (x + 34, y), style.clone()))
            .map_err(drawing)?;
        x += width + 24;
    }
    Ok(y + 18)
}

/// Each cycle's label, left edge and row above the top plot: centred on the cycle's line where
/// it fits, on the first of [`LABEL_ROWS`] rows where it clears the labels already there.
fn place_cycle_labels(
    root: &Area,
    axis: &DateAxis,
    cycles: &[CycleMark],
) -> Result<Vec<(String, i32, usize)>, ChartError> {
    let mut in_order: Vec<&CycleMark> = cycles.iter().collect();
    in_order.sort_by_key(|c| c.date);
    let days = f64::from(axis.range.end - axis.range.start);
    let pixels = f64::from(WIDTH as i32 - PLOT_RIGHT - PLOT_LEFT);
    let (mut row_ends, mut placed) = ([i32::MIN; LABEL_ROWS], Vec::new());
    for cycle in in_order {
        let label = shorten(&cycle.label, 30);
        let width = width_of(root, &label, 13)?;
        let day = f64::from(axis.x(cycle.date) - axis.range.start);
        let centre = PLOT_LEFT + (day / days * pixels).round() as i32;
        let left = (centre - width / 2).clamp(4, (WIDTH as i32 - 4 - width).max(4));
        let clear = (0..LABEL_ROWS).find(|&r| row_ends[r] + 10 <= left);
        let row = clear.or_else(|| (0..LABEL_ROWS).min_by_key(|&r| row_ends[r]));
        let row = row.unwrap_or(0);
        row_ends[row] = left + width;
        placed.push((label, left, row));
    }
    Ok(placed)
}
