//! Charts for the statistics dashboards: inline SVG drawn with `poloto`, styled by an embedded
//! stylesheet, announced to screen readers by their title (`role="img"` and `aria-label`).
//! The page shows each chart beside a table of the same figures, which is the full text
//! alternative; the chart itself only needs its title read out.

use hrx_domain::statistics::series::{Granularity, Period};
use poloto::build;
use poloto::ticks::TickDistribution;

/// The drawing's width in SVG units; pages scale it down with `max-width:100%`.
const WIDTH: f64 = 800.0;
const LINE_HEIGHT: f64 = 480.0;
/// poloto keeps these margins around the plot area (`RenderFrameBuilder::build`).
const PAD_X: f64 = 150.0;
const PAD_Y: f64 = 100.0;
/// Vertical room per bar in a bar chart.
const BAR_PITCH: f64 = 34.0;
/// Beyond this many bars a chart stops being readable; callers pass the top 15.
const MAX_BARS: usize = 50;
/// Category labels wider than this many Latin letters (a Chinese character counts two) are
/// cut with an ellipsis so that they stay inside the chart, left of the axis.
const MAX_LABEL_WIDTH: usize = 14;
/// Average width of a digit or comma at the tick font size, for spacing tick labels.
const TICK_CHAR_PX: f64 = 10.0;

const STYLE: &str = "\
.hrx-chart{font-family:system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;font-size:18px;stroke-linecap:round;stroke-linejoin:round}\
.hrx-chart .poloto_background{fill:#fff}\
.hrx-chart .poloto_text{fill:#1a1a1a;stroke:none}\
.hrx-chart .poloto_name{font-size:20px;text-anchor:middle}\
.hrx-chart .poloto_title{font-size:22px;font-weight:600}\
.hrx-chart .poloto_text.poloto_ticks.poloto_y{dominant-baseline:middle;text-anchor:end}\
.hrx-chart .poloto_text.poloto_ticks.poloto_x{text-anchor:middle}\
.hrx-chart .poloto_imgs.poloto_ticks{stroke:#1a1a1a;stroke-width:2;fill:none}\
.hrx-chart .poloto_grid{stroke:#d0d0d0;stroke-width:1}\
.hrx-chart .poloto_line{stroke:#1f5fa8;stroke-width:3;fill:none}\
.hrx-chart .poloto_scatter{stroke:#1f5fa8;stroke-width:9}\
.hrx-chart .poloto_histo{fill:#1f5fa8}\
.hrx-chart .hrx-chart-value{fill:#1a1a1a;font-size:16px;dominant-baseline:middle;text-anchor:start}\
.hrx-chart .hrx-chart-unit{fill:#1a1a1a;font-size:18px;text-anchor:start}\
.hrx-chart .hrx-chart-empty{fill:#1a1a1a;text-anchor:middle}\
.hrx-chart .hrx-chart-empty.hrx-chart-title{font-size:22px;font-weight:600}";

/// What an empty chart says; the page's language is not known here, so it says it in both.
const NOTHING_TO_SHOW: &str = "No data to show · 暂无数据";

/// A time series: `points` are the periods in order ("1978".."2009", "2009Q1"..) with their
/// values. The y axis starts at zero and carries `y_label` (the unit) above it.
pub fn line_chart(title: &str, y_label: &str, points: &[(String, i64)]) -> String {
    if points.is_empty() {
        return empty_chart(title);
    }
    guarded(title, || draw_line(title, y_label, points))
}

/// Colours of the series of a [`series_chart`], in order (dark enough on white: a series is
/// also named in the legend, and the page's table carries every value).
const SERIES_COLOURS: [&str; 4] = ["#1f5fa8", "#b3261e", "#1b7a3a", "#6b4fa0"];

/// Several series over the same periods: `x_labels` are the periods in order, and each
/// series names itself and gives its values at some of them (by index into `x_labels`),
/// drawn as a line through them with a dot at each. The legend names the series.
pub fn series_chart(
    title: &str,
    y_label: &str,
    x_labels: &[String],
    series: &[(String, Vec<(usize, i64)>)],
) -> String {
    if x_labels.is_empty() || series.iter().all(|(_, v)| v.is_empty()) {
        return empty_chart(title);
    }
    guarded(title, || draw_series(title, y_label, x_labels, series))
}

fn draw_series(
    title: &str,
    y_label: &str,
    x_labels: &[String],
    series: &[(String, Vec<(usize, i64)>)],
) -> Option<String> {
    let title = clean(title);
    let y_label = clean(y_label);
    let labels: Vec<String> = x_labels.iter().map(|l| clean(l)).collect();
    let n = labels.len();
    let (lo, hi) = value_range(series.iter().flat_map(|(_, v)| v.iter().map(|(_, y)| *y)));
    let y_ticks = nice_ticks(lo, hi, 5);
    let (y_min, y_max) = ends(&y_ticks)?;
    let (x_min, x_max) = if n == 1 { (-1, 1) } else { (0, index(n - 1)) };
    let x_ticks: Vec<i128> = if n == 1 {
        vec![-1, 0, 1]
    } else {
        (0..n).map(index).collect()
    };
    let x_dist = TickDistribution::new(x_ticks).with_tick_fmt(label_of(labels));
    let y_dist = TickDistribution::new(y_ticks).with_tick_fmt(|v: &i128| group_digits(*v));
    // Each series is a line and its dots, so plot 2k is a series' line and 2k+1 its dots;
    // the legend is drawn above the plot, in the series' colours.
    let mut plots = Vec::new();
    for (_, values) in series.iter().take(SERIES_COLOURS.len()) {
        let data: Vec<(i128, i128)> = values
            .iter()
            .map(|(i, v)| (index(*i), i128::from(*v)))
            .collect();
        plots.push(build::plot("").line(data.clone()));
        plots.push(build::plot("").scatter(data));
    }
    let bounds = build::markers([x_min, x_max], [y_min, y_max]);
    let frame = poloto::frame()
        .with_viewbox([WIDTH, LINE_HEIGHT])
        .with_tick_lines([false, true])
        .build();
    let inner =
        poloto::render::Stage1::from_parts(poloto::plots!(plots, bounds), x_dist, y_dist, frame)
            .build_and_label((title.as_str(), "", ""))
            .headless()
            .render_string()
            .ok()?;
    let mut extra = String::from("<style>");
    for (k, colour) in SERIES_COLOURS.iter().enumerate() {
        extra.push_str(&format!(
            ".hrx-chart .poloto{line}.poloto_stroke,.hrx-chart .poloto{dots}.poloto_stroke{{stroke:{colour}}}\
             .hrx-chart .poloto{line}.poloto_fill{{fill:{colour}}}",
            line = 2 * k,
            dots = 2 * k + 1,
        ));
    }
    extra.push_str("</style>");
    extra.push_str(&format!(
        r#"<text class="hrx-chart-unit" x="20" y="{:.1}">{}</text>"#,
        PAD_Y - 28.0,
        escape(&y_label)
    ));
    // The legend, right of the unit: a swatch and the series' name each.
    let mut x = PAD_X + 40.0;
    let y = PAD_Y - 28.0;
    for ((name, _), colour) in series.iter().zip(SERIES_COLOURS) {
        let name = clean(name);
        extra.push_str(&format!(
            r#"<line x1="{x:.1}" y1="{ly:.1}" x2="{x2:.1}" y2="{ly:.1}" stroke="{colour}" stroke-width="4"/><circle cx="{cx:.1}" cy="{ly:.1}" r="4" fill="{colour}"/><text class="hrx-chart-unit" x="{tx:.1}" y="{y:.1}">{}</text>"#,
            escape(&name),
            ly = y - 6.0,
            x2 = x + 28.0,
            cx = x + 14.0,
            tx = x + 36.0,
        ));
        let width: f64 = name
            .chars()
            .map(|c| if c.is_ascii() { 10.0 } else { 19.0 })
            .sum();
        x += 36.0 + width + 28.0;
    }
    Some(wrap(&title, LINE_HEIGHT, &inner, &extra))
}

/// A breakdown: one horizontal bar per row, the first row on top (callers pass the rows
/// largest first, at most 15); `x_label` names the value axis.
pub fn bar_chart(title: &str, x_label: &str, rows: &[(String, i64)]) -> String {
    if rows.is_empty() {
        return empty_chart(title);
    }
    guarded(title, || draw_bars(title, x_label, rows))
}

/// poloto asserts its own invariants; a chart that trips one becomes an empty chart, not a
/// failed page.
fn guarded(title: &str, draw: impl FnOnce() -> Option<String> + std::panic::UnwindSafe) -> String {
    match std::panic::catch_unwind(draw) {
        Ok(Some(svg)) => svg,
        Ok(None) => {
            tracing::error!(title, "chart could not be rendered");
            empty_chart(title)
        }
        Err(_) => {
            tracing::error!(title, "chart renderer panicked");
            empty_chart(title)
        }
    }
}

fn draw_line(title: &str, y_label: &str, points: &[(String, i64)]) -> Option<String> {
    let title = clean(title);
    let y_label = clean(y_label);
    let n = points.len();
    let labels: Vec<String> = points.iter().map(|(p, _)| clean(p)).collect();
    let data: Vec<(i128, i128)> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| (index(i), i128::from(*v)))
        .collect();

    let plot_height = LINE_HEIGHT - 2.0 * PAD_Y;
    let (lo, hi) = value_range(points.iter().map(|(_, v)| *v));
    let y_ticks = nice_ticks(lo, hi, 5);
    let (y_min, y_max) = ends(&y_ticks)?;

    // One point has no x range of its own: give it a slot on either side.
    let (x_min, x_max) = if n == 1 { (-1, 1) } else { (0, index(n - 1)) };
    let x_ticks: Vec<i128> = if n == 1 {
        vec![-1, 0, 1]
    } else {
        period_ticks(&labels)
    };

    let x_dist = TickDistribution::new(x_ticks).with_tick_fmt(label_of(labels));
    let y_dist = TickDistribution::new(y_ticks).with_tick_fmt(|v: &i128| group_digits(*v));

    let line = build::plot("").line(data.clone());
    // Dots mark the observations; a single observation has no line to show otherwise.
    let dots = build::plot("").scatter(if n <= 60 { data.clone() } else { Vec::new() });
    let bounds = build::markers([x_min, x_max], [y_min, y_max]);
    let frame = poloto::frame()
        .with_viewbox([WIDTH, LINE_HEIGHT])
        .with_tick_lines([false, true])
        .build();
    let inner = poloto::render::Stage1::from_parts(
        poloto::plots!(line, dots, bounds),
        x_dist,
        y_dist,
        frame,
    )
    .build_and_label((title.as_str(), "", ""))
    .headless()
    .render_string()
    .ok()?;

    let mut extra = String::new();
    // The unit sits above the value axis, horizontal, so that Chinese reads upright.
    extra.push_str(&format!(
        r#"<text class="hrx-chart-unit" x="20" y="{:.1}">{}</text>"#,
        PAD_Y - 28.0,
        escape(&y_label)
    ));
    if let Some((last_x, last_y)) = data.last() {
        let x = PAD_X + scale(*last_x, x_min, x_max, WIDTH - 2.0 * PAD_X);
        let y = LINE_HEIGHT - PAD_Y - scale(*last_y, y_min, y_max, plot_height);
        extra.push_str(&format!(
            r#"<text class="hrx-chart-value" x="{:.1}" y="{:.1}">{}</text>"#,
            x + 12.0,
            y,
            group_digits(*last_y)
        ));
    }
    Some(wrap(&title, LINE_HEIGHT, &inner, &extra))
}

fn draw_bars(title: &str, x_label: &str, rows: &[(String, i64)]) -> Option<String> {
    let title = clean(title);
    let x_label = clean(x_label);
    let rows = &rows[..rows.len().min(MAX_BARS)];
    let n = rows.len();
    let height = 2.0 * PAD_Y + (n as f64 + 1.0) * BAR_PITCH;
    let plot_height = height - 2.0 * PAD_Y;
    let plot_width = WIDTH - 2.0 * PAD_X;

    // Bars grow from zero to the right; a negative count has no bar.
    let lengths: Vec<i128> = rows.iter().map(|(_, v)| i128::from(*v).max(0)).collect();
    let max_len = lengths.iter().copied().max().unwrap_or(0);
    let widest = group_digits(max_len).chars().count() as f64 * TICK_CHAR_PX + 32.0;
    let target = ((plot_width / widest).floor() as u32).clamp(2, 6);
    let x_ticks = nice_ticks(0, max_len, target);
    let (x_min, x_max) = ends(&x_ticks)?;

    // poloto counts bars from the bottom; the first row belongs on top.
    let labels: Vec<String> = rows.iter().rev().map(|(k, _)| shorten(&clean(k))).collect();
    let (bars, _) = build::bar::gen_bar(
        "",
        lengths.iter().rev().copied().zip(labels.clone()),
        [x_min, x_max],
    );
    let y_ticks: Vec<i128> = if n == 1 {
        vec![-1, 0, 1]
    } else {
        (0..n).map(index).collect()
    };
    let y_dist = TickDistribution::new(y_ticks).with_tick_fmt(label_of(labels));
    let x_dist = TickDistribution::new(x_ticks).with_tick_fmt(|v: &i128| group_digits(*v));

    let frame = poloto::frame()
        .with_viewbox([WIDTH, height])
        // Grid lines would cross the bars; each bar carries its value instead.
        .with_tick_lines([false, false])
        .bar_width(BAR_PITCH * 0.7)
        .build();
    let inner = poloto::render::Stage1::from_parts(bars, x_dist, y_dist, frame)
        .build_and_label((title.as_str(), x_label.as_str(), ""))
        .headless()
        .render_string()
        .ok()?;

    // Each bar carries its exact value at its end.
    let mut extra = String::new();
    for (i, (_, value)) in rows.iter().enumerate() {
        let slot = index(n - 1 - i);
        let len = i128::from(*value).max(0);
        let x = PAD_X + scale(len, x_min, x_max, plot_width);
        let y = height - PAD_Y - scale(slot, -1, index(n), plot_height);
        extra.push_str(&format!(
            r#"<text class="hrx-chart-value" x="{:.1}" y="{:.1}">{}</text>"#,
            x + 6.0,
            y,
            group_digits(i128::from(*value))
        ));
    }
    Some(wrap(&title, height, &inner, &extra))
}

/// A small chart that says there is nothing to draw.
fn empty_chart(title: &str) -> String {
    let title = clean(title);
    let height = 160.0;
    let inner = format!(
        r##"<rect width="100%" height="100%" fill="#fff"/><text class="hrx-chart-empty hrx-chart-title" x="{x}" y="60">{t}</text><text class="hrx-chart-empty" x="{x}" y="110">{m}</text>"##,
        x = WIDTH / 2.0,
        t = escape(&title),
        m = NOTHING_TO_SHOW,
    );
    let label = format!("{title}: {NOTHING_TO_SHOW}");
    wrap(&label, height, &inner, "")
}

/// The root element: accessible name, responsive size, stylesheet, then the drawing.
fn wrap(label: &str, height: f64, inner: &str, extra: &str) -> String {
    let label = escape(label);
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="hrx-chart" role="img" aria-label="{label}" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" style="max-width:100%;height:auto"><title>{label}</title><style>{STYLE}</style>{inner}{extra}</svg>"#,
        inner = strip_plot_ids(inner),
    )
}

/// poloto numbers its plots `id="poloto_plot0"`, which would repeat when a page shows two
/// charts; nothing refers to them.
fn strip_plot_ids(svg: &str) -> String {
    const ID: &str = " id=\"poloto_plot";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find(ID) {
        out.push_str(&rest[..start]);
        let after = &rest[start + ID.len()..];
        match after.find('"') {
            Some(end) => rest = &after[end + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// XML text and attribute escaping.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// Control characters are not allowed in XML at all, escaped or not.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn shorten(s: &str) -> String {
    let width = |c: char| if u32::from(c) >= 0x2E80 { 2 } else { 1 };
    if s.chars().map(width).sum::<usize>() <= MAX_LABEL_WIDTH {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the ellipsis
    for c in s.chars() {
        used += width(c);
        if used > MAX_LABEL_WIDTH {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Names the tick at `i` by the i-th label (blank off the labels): the axis of periods or
/// categories.
fn label_of(labels: Vec<String>) -> impl Fn(&i128) -> String {
    move |i| {
        usize::try_from(*i)
            .ok()
            .and_then(|i| labels.get(i))
            .cloned()
            .unwrap_or_default()
    }
}

/// Which periods of a series get a label: as many as fit, on round periods (every fifth
/// year, every year's first quarter or month ...) when the labels are periods.
fn period_ticks(labels: &[String]) -> Vec<i128> {
    let n = labels.len();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(4);
    // Labels at least their own width (plus a gap) apart.
    let label_px = widest as f64 * TICK_CHAR_PX + 16.0;
    let per_period = (WIDTH - 2.0 * PAD_X) / n.saturating_sub(1).max(1) as f64;
    let min_step = ((label_px / per_period).ceil() as usize).clamp(1, n.saturating_sub(1).max(1));
    let plain = || (0..n).step_by(min_step).map(index).collect::<Vec<_>>();

    let periods: Option<Vec<Period>> = labels.iter().map(|l| Period::parse(l)).collect();
    let Some(periods) = periods else {
        return plain();
    };
    let Some(granularity) = periods.first().map(|p| p.granularity) else {
        return plain();
    };
    let steps: &[usize] = match granularity {
        Granularity::Year => &[1, 2, 5, 10, 20, 50, 100],
        Granularity::Quarter => &[1, 2, 4, 8, 20, 40, 100],
        Granularity::Month => &[1, 2, 3, 6, 12, 24, 60, 120, 240],
    };
    let Some(step) = steps.iter().copied().find(|s| *s >= min_step) else {
        return plain();
    };
    let ordinal = |p: &Period| -> Option<usize> {
        let (year, month) = (p.first / 100, p.first % 100 - 1);
        let n = match p.granularity {
            Granularity::Year => year,
            Granularity::Quarter => year * 4 + month / 3,
            Granularity::Month => year * 12 + month,
        };
        usize::try_from(n).ok()
    };
    let ticks: Vec<i128> = periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.granularity == granularity && ordinal(p).is_some_and(|o| o % step == 0))
        .map(|(i, _)| index(i))
        .collect();
    // Gaps or too short a series: fall back to evenly spaced labels.
    if ticks.len() < 2 || ticks.windows(2).any(|w| w[1] - w[0] < index(min_step)) {
        plain()
    } else {
        ticks
    }
}

fn index(i: usize) -> i128 {
    i128::try_from(i).unwrap_or(i128::MAX)
}

/// The value axis always shows zero; all-zero data gets a unit range.
fn value_range(values: impl Iterator<Item = i64>) -> (i128, i128) {
    let (lo, hi) = values.fold((0i128, 0i128), |(lo, hi), v| {
        (lo.min(i128::from(v)), hi.max(i128::from(v)))
    });
    (lo, hi)
}

/// Round ticks (1, 2 or 5 times a power of ten) covering `lo..=hi`, about `target` of them,
/// always at least two.
fn nice_ticks(lo: i128, hi: i128, target: u32) -> Vec<i128> {
    let lo = lo.min(0);
    let hi = if hi <= lo { lo + 1 } else { hi };
    let span = hi - lo;
    let rough = (span + i128::from(target.max(1)) - 1) / i128::from(target.max(1));
    let mut power: i128 = 1;
    while power * 10 <= rough {
        power *= 10;
    }
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10 * power)
        .max(1);
    let first = lo.div_euclid(step) * step;
    let last = -((-hi).div_euclid(step)) * step;
    let mut ticks = Vec::new();
    let mut t = first;
    while t <= last {
        ticks.push(t);
        t += step;
    }
    if ticks.len() < 2 {
        ticks = vec![first, first + step];
    }
    ticks
}

fn ends(ticks: &[i128]) -> Option<(i128, i128)> {
    Some((*ticks.first()?, *ticks.last()?))
}

/// Position of `v` along an axis of `length` units running from `min` to `max`.
fn scale(v: i128, min: i128, max: i128, length: f64) -> f64 {
    if max == min {
        return 0.0;
    }
    (v - min) as f64 / (max - min) as f64 * length
}

/// `1620700` → `1,620,700`.
pub(crate) fn group_digits(v: i128) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    let mut until_comma = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    for c in digits.chars() {
        if until_comma == 0 {
            out.push(',');
            until_comma = 3;
        }
        out.push(c);
        until_comma -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[(&str, i64)]) -> Vec<(String, i64)> {
        values.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    /// Elements open and close in order, attributes are quoted, `&` only starts an entity.
    fn assert_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert_eq!(svg.matches("<svg").count(), 1);
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            let text = &rest[..open];
            assert_entities(text);
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "{tag}");
            assert_eq!(tag.matches('"').count() % 2, 0, "{tag}");
            assert_entities(tag);
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "{svg}");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap_or_default();
                stack.push(name.to_string());
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "{stack:?}");
        assert!(!svg
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')));
    }

    fn assert_entities(s: &str) {
        for (i, _) in s.match_indices('&') {
            let ent = &s[i..s[i..].find(';').map(|e| i + e + 1).unwrap_or(s.len())];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&ent),
                "{ent}"
            );
        }
    }

    #[test]
    fn line_chart_is_an_accessible_svg_with_an_escaped_title() {
        let points: Vec<(String, i64)> = (1978..=2009)
            .map(|y| (y.to_string(), (y - 1977) * 50_000))
            .collect();
        let svg = line_chart("出国留学 <累计> & \"returned\"", "persons 人", &points);
        assert_well_formed(&svg);
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-label="出国留学 &lt;累计&gt; &amp; &quot;returned&quot;""#));
        assert!(svg.contains("<title>出国留学 &lt;累计&gt; &amp; &quot;returned&quot;</title>"));
        assert!(!svg.contains("<累计>"));
        assert!(svg.contains(">1980<") && svg.contains(">2005<"));
        assert!(svg.contains(">persons 人<"));
        assert!(svg.contains(">1,500,000<"), "round value ticks");
        assert!(svg.contains(">1,600,000</text>"), "last value labelled");
        assert!(!svg.contains("id=\"poloto_plot"));
        assert!(svg.contains("poloto_line"));
    }

    #[test]
    fn quarters_label_the_x_axis() {
        let points = series(&[
            ("2009Q1", 10),
            ("2009Q2", 20),
            ("2009Q3", 15),
            ("2009Q4", 30),
        ]);
        let svg = line_chart("Departures", "person-times", &points);
        assert_well_formed(&svg);
        for q in ["2009Q1", "2009Q2", "2009Q3", "2009Q4"] {
            assert!(svg.contains(&format!(">{q}<")), "{q}");
        }
    }

    #[test]
    fn a_single_point_is_drawn_as_a_dot() {
        let svg = line_chart("One year", "persons", &series(&[("2009", 1_620_700)]));
        assert_well_formed(&svg);
        assert!(svg.contains(">2009<"));
        assert!(svg.contains("poloto_scatter"));
        assert!(svg.contains(">1,620,700</text>"));
    }

    #[test]
    fn empty_input_says_there_is_nothing_to_show() {
        for svg in [
            line_chart("空 & empty", "persons", &[]),
            bar_chart("空 & empty", "persons", &[]),
        ] {
            assert_well_formed(&svg);
            assert!(svg.contains(r#"role="img""#));
            assert!(svg.contains("空 &amp; empty"));
            assert!(svg.contains(NOTHING_TO_SHOW));
        }
    }

    #[test]
    fn awkward_values_do_not_break_the_charts() {
        let cases = [
            series(&[("2009", 0)]),
            series(&[("2008", 0), ("2009", 0)]),
            series(&[("2008", 1_000_000_000), ("2009", 999_999_999)]),
            series(&[("2008", -5), ("2009", 7)]),
            series(&[("2008", i64::MAX), ("2009", i64::MIN)]),
            series(&[("<&>", 3), ("\u{1}\u{7f}", 4)]),
            vec![("a".repeat(200), 1), ("b".repeat(200), 2)],
        ];
        for points in &cases {
            let line = line_chart("t", "u", points);
            assert_well_formed(&line);
            assert!(!line.contains(NOTHING_TO_SHOW), "{points:?}: {line}");
            let bars = bar_chart("t", "u", points);
            assert_well_formed(&bars);
            assert!(!bars.contains(NOTHING_TO_SHOW), "{points:?}: {bars}");
        }
        let long: Vec<(String, i64)> = (0..1500).map(|i| (format!("{i}"), i * 7)).collect();
        assert_well_formed(&line_chart("long", "u", &long));
        assert_well_formed(&bar_chart("long", "u", &long));
    }

    #[test]
    fn bar_chart_draws_one_bar_per_row_largest_on_top() {
        let rows = series(&[("US", 400_000), ("JP", 250_000), ("GB", 120_000), ("FR", 0)]);
        let svg = bar_chart("Destinations 目的地", "persons", &rows);
        assert_well_formed(&svg);
        assert!(svg.contains(r#"aria-label="Destinations 目的地""#));
        assert_eq!(svg.matches("<rect").count(), rows.len());
        for code in ["US", "JP", "GB", "FR"] {
            assert!(svg.contains(&format!(">{code}<")), "{code}");
        }
        assert!(svg.contains(">400,000</text>"));
        assert!(svg.contains(">persons<"));
        let y_of = |code: &str| -> f64 {
            let at = svg.find(&format!(">{code}<")).unwrap();
            let tag = &svg[..at];
            let y = &tag[tag.rfind("y=\"").unwrap() + 3..];
            y[..y.find('"').unwrap()].parse().unwrap()
        };
        assert!(y_of("US") < y_of("JP") && y_of("JP") < y_of("FR"));
    }

    #[test]
    fn a_single_bar() {
        let svg = bar_chart("One", "documents", &series(&[("DE", 12)]));
        assert_well_formed(&svg);
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains(">DE<"));
    }

    #[test]
    fn period_labels_fall_on_round_periods() {
        let labels = |v: Vec<String>| -> Vec<String> {
            period_ticks(&v)
                .iter()
                .map(|i| v[usize::try_from(*i).unwrap()].clone())
                .collect()
        };
        let years: Vec<String> = (1978..=2009).map(|y| y.to_string()).collect();
        assert_eq!(
            labels(years),
            ["1980", "1985", "1990", "1995", "2000", "2005"]
        );
        let quarters: Vec<String> = (2009..=2011)
            .flat_map(|y| (1..=4).map(move |q| format!("{y}Q{q}")))
            .collect();
        assert_eq!(
            labels(quarters),
            ["2009Q1", "2009Q3", "2010Q1", "2010Q3", "2011Q1", "2011Q3"]
        );
        let months: Vec<String> = (2009..=2010)
            .flat_map(|y| (1..=12).map(move |m| format!("{y}-{m:02}")))
            .collect();
        assert_eq!(labels(months), ["2009-01", "2009-07", "2010-01", "2010-07"]);
        let two: Vec<String> = vec!["2008".into(), "2009".into()];
        assert_eq!(labels(two.clone()), two);
        let codes: Vec<String> = (0..30).map(|i| format!("k{i}")).collect();
        assert!(period_ticks(&codes).len() >= 2);
        assert_eq!(shorten("Republic of Korea"), "Republic of K…");
        assert_eq!(shorten("大韩民国和德意志联邦共和国"), "大韩民国和德…");
        assert_eq!(shorten("US"), "US");
    }

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        assert_eq!(nice_ticks(0, 0, 5), vec![0, 1]);
        assert_eq!(nice_ticks(0, 10, 5), vec![0, 2, 4, 6, 8, 10]);
        assert_eq!(
            nice_ticks(0, 1_620_700, 5),
            vec![0, 500_000, 1_000_000, 1_500_000, 2_000_000]
        );
        assert_eq!(nice_ticks(-5, 7, 5), vec![-5, 0, 5, 10]);
        assert_eq!(group_digits(-1_234_567), "-1,234,567");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(100_000), "100,000");
        assert_eq!(group_digits(1_000_000_000), "1,000,000,000");
    }
}
