//! A world map of figures by country, drawn on the server as inline SVG, with its legend, a
//! one-sentence text alternative and a table view, in Chinese or English.
//!
//! ```ignore
//! use crate::map::{world_map, partner_map, WorldMap};
//!
//! // Counts by ISO 3166-1 alpha-2 code: five classes (quantiles of the countries) of blue.
//! let values: BTreeMap<String, i64> = BTreeMap::from([("KR".into(), 1234), ("SG".into(), 5)]);
//! let map: WorldMap = world_map(&values, ctx.lang, "Foreign students · nationality · 2009");
//!
//! // Membership (a cooperation page's partners on a date): one colour, "partner / not a
//! // partner". (A count map whose values are all 1 is still a count map: one class, "1".)
//! let map = partner_map(["FR", "DE"], ctx.lang, "Partners on 1 May 2025");
//!
//! // On a page whose own table already lists the figures: the figure alone.
//! let map = world_map(&values, ctx.lang, caption).without_table();
//! ```
//!
//! `WorldMap` is an askama template (`templates/world_map.html`): give it to a page as a field
//! and write `{{ map|safe }}` where it goes. It renders a `<figure>` with the `<svg
//! role="img">` (its `<title>` is the caption, its `<desc>` the summary; every country a
//! `<path>` whose `<title>` gives the name in the page's language and the figure), the legend,
//! the summary as visible text, then a `<details>` table view of every country with a figure,
//! largest first, those too small to draw at this scale (Singapore, Malta …) marked so. The
//! parts are also there one by one: [`WorldMap::svg`], [`WorldMap::legend`],
//! [`WorldMap::summary`], [`WorldMap::rows`], [`WorldMap::total`].
//!
//! The outlines are Natural Earth's 1:110m (see [`atlas`]), projected with Equal Earth,
//! Antarctica left out. Their boundaries are Natural Earth's de facto lines, not China's
//! standard map: a map meant for publication may need the official boundaries.

pub mod atlas;

use crate::charts::{escape, group_digits};
use crate::i18n::{translate, Lang};
use askama::Template;
use hrx_domain::reference::reference;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// At most this many classes of shading.
const CLASSES: usize = 5;
/// Countries the summary names.
const SUMMARY_TOP: usize = 3;
/// Partners the summary of a partner map names.
const SUMMARY_PARTNERS: usize = 5;

/// Gives every map a distinct id, so that several maps on a page keep their own labels.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// One country of the table view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapRow {
    /// ISO 3166-1 alpha-2, as given.
    pub code: String,
    /// The name in the page's language (the code where the reference data has none).
    pub name: String,
    pub value: i64,
    /// The value with its digits grouped.
    pub shown: String,
    /// Whether the country has an outline on the map.
    pub on_map: bool,
}

/// One entry of the legend: the CSS class of its colour and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendItem {
    pub class: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "world_map.html")]
pub struct WorldMap {
    id: String,
    lang: Lang,
    caption: String,
    partners: bool,
    table: bool,
    svg: String,
    legend: Vec<LegendItem>,
    rows: Vec<MapRow>,
    summary: String,
    total: i64,
}

/// A map of counts by country: `values` by alpha-2 code (case and spaces ignored; zero and
/// negative values count as no figure).
pub fn world_map(values: &BTreeMap<String, i64>, lang: Lang, caption: &str) -> WorldMap {
    let mut merged: BTreeMap<String, i64> = BTreeMap::new();
    for (code, value) in values {
        if *value > 0 {
            *merged.entry(code.trim().to_ascii_uppercase()).or_default() += value;
        }
    }
    let bounds = class_bounds(merged.values().copied());
    let legend = bounds
        .iter()
        .enumerate()
        .map(|(i, &(lo, hi))| LegendItem {
            class: colour(i, bounds.len()),
            label: if lo == hi {
                group_digits(i128::from(lo))
            } else {
                format!(
                    "{}–{}",
                    group_digits(i128::from(lo)),
                    group_digits(i128::from(hi))
                )
            },
        })
        .collect();
    let class_of = |v: i64| {
        let i = bounds.iter().position(|&(_, hi)| v <= hi).unwrap_or(0);
        colour(i, bounds.len())
    };
    WorldMap::new(lang, caption, merged, false, legend, class_of)
}

/// A map of membership: the countries given (alpha-2) in one colour, a legend "partner / not
/// a partner".
pub fn partner_map<'a>(
    codes: impl IntoIterator<Item = &'a str>,
    lang: Lang,
    caption: &str,
) -> WorldMap {
    let members: BTreeMap<String, i64> = codes
        .into_iter()
        .map(|c| (c.trim().to_ascii_uppercase(), 1))
        .collect();
    let legend = vec![LegendItem {
        class: PARTNER,
        label: translate(lang, "map-partner", &[]),
    }];
    WorldMap::new(lang, caption, members, true, legend, |_| PARTNER)
}

/// The colour classes, lightest first (ColorBrewer "Blues"); `map-none` is no figure.
const PALETTE: [&str; CLASSES] = ["map-c0", "map-c1", "map-c2", "map-c3", "map-c4"];
const PARTNER: &str = "map-c3";
const NONE: &str = "map-none";

/// The colour of class `i` of `n`, spread over the palette from light to dark.
fn colour(i: usize, n: usize) -> &'static str {
    let at = if n <= 1 {
        3
    } else {
        (i * (CLASSES - 1) + (n - 1) / 2) / (n - 1)
    };
    PALETTE[at.min(CLASSES - 1)]
}

/// Up to five classes of the positive values, as (lowest, highest) value in each: quantiles
/// of the countries, so that each class holds about as many countries, whatever the spread
/// of the values (one country with 60,000 students and a hundred with ten).
pub fn class_bounds(values: impl Iterator<Item = i64>) -> Vec<(i64, i64)> {
    let mut v: Vec<i64> = values.filter(|v| *v > 0).collect();
    v.sort_unstable();
    let mut distinct = v.clone();
    distinct.dedup();
    let k = distinct.len().min(CLASSES);
    let mut bounds: Vec<(i64, i64)> = Vec::new();
    for i in 1..=k {
        let Some(&hi) = v.get((i * v.len()).div_ceil(k) - 1) else {
            continue;
        };
        let lo = match bounds.last() {
            Some(&(_, prev)) if prev >= hi => continue,
            Some(&(_, prev)) => v.iter().copied().find(|x| *x > prev).unwrap_or(hi),
            None => v[0],
        };
        bounds.push((lo, hi));
    }
    bounds
}

impl WorldMap {
    fn new(
        lang: Lang,
        caption: &str,
        values: BTreeMap<String, i64>,
        partners: bool,
        mut legend: Vec<LegendItem>,
        class_of: impl Fn(i64) -> &'static str,
    ) -> WorldMap {
        let atlas = atlas::atlas();
        let name = |code: &str| match reference().country(code) {
            Some(c) => lang.pick(&c.name_zh, &c.name_en).to_owned(),
            None if code.is_empty() => translate(lang, "map-not-recorded", &[]),
            None => code.to_owned(),
        };
        let mut rows: Vec<MapRow> = values
            .iter()
            .map(|(code, &value)| MapRow {
                name: name(code),
                code: code.clone(),
                value,
                shown: group_digits(i128::from(value)),
                on_map: atlas.draws(code),
            })
            .collect();
        rows.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.name.cmp(&b.name)));
        let total = rows.iter().map(|r| r.value).sum();
        let summary = summary(lang, &rows, partners, total);
        legend.push(LegendItem {
            class: NONE,
            label: translate(
                lang,
                if partners {
                    "map-not-partner"
                } else {
                    "map-no-figure"
                },
                &[],
            ),
        });
        let id = format!("hrx-map-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
        let mut svg = String::with_capacity(120_000);
        let _ = write!(
            svg,
            r#"<svg class="hrx-map" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{caption}</title><desc id="{id}-desc">{desc}</desc>"#,
            w = atlas.width,
            h = atlas.height,
            caption = escape(caption),
            desc = escape(&summary),
        );
        let partner_word = translate(lang, "map-partner", &[]);
        for shape in &atlas.shapes {
            let Some(code) = shape.code else {
                let _ = write!(svg, r#"<path class="{NONE}" d="{}"/>"#, shape.d);
                continue;
            };
            let value = values.get(code).copied();
            let class = value.map_or(NONE, &class_of);
            let title = match value {
                Some(_) if partners => format!("{}{}{partner_word}", name(code), colon(lang)),
                Some(v) => format!(
                    "{}{}{}",
                    name(code),
                    colon(lang),
                    group_digits(i128::from(v))
                ),
                None => name(code),
            };
            let _ = write!(
                svg,
                r#"<path class="{class}" d="{}"><title>{}</title></path>"#,
                shape.d,
                escape(&title)
            );
        }
        svg.push_str("</svg>");
        WorldMap {
            id,
            lang,
            caption: caption.to_owned(),
            partners,
            table: true,
            svg,
            legend,
            rows,
            summary,
            total,
        }
    }

    /// The same map without its table view, for a page that shows the figures in a table of
    /// its own.
    pub fn without_table(mut self) -> WorldMap {
        self.table = false;
        self
    }

    /// The inline `<svg>` element.
    pub fn svg(&self) -> &str {
        &self.svg
    }

    /// The legend, the classes from lightest to darkest, then "no figure" (or "not a
    /// partner").
    pub fn legend(&self) -> &[LegendItem] {
        &self.legend
    }

    /// The text alternative: how many countries, the total, the largest (or the partners).
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// Every country with a figure, largest first, then by name.
    pub fn rows(&self) -> &[MapRow] {
        &self.rows
    }

    /// The sum of the figures (for a partner map, the number of partners).
    pub fn total(&self) -> i64 {
        self.total
    }

    pub fn caption(&self) -> &str {
        &self.caption
    }

    fn t(&self, key: &str) -> String {
        translate(self.lang, key, &[])
    }
}

fn colon(lang: Lang) -> &'static str {
    lang.pick("：", ": ")
}

/// "42 countries and regions, 5,000 in all; the largest: Korea (1,234), …" or, on a partner
/// map, "3 partner countries and regions: France, Germany, Italy".
fn summary(lang: Lang, rows: &[MapRow], partners: bool, total: i64) -> String {
    if rows.is_empty() {
        return translate(lang, "map-summary-empty", &[]);
    }
    let separator = lang.pick("、", ", ");
    let count = ("count", group_digits(rows.len() as i128));
    if partners {
        let mut names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        let list = (
            "names",
            names[..names.len().min(SUMMARY_PARTNERS)].join(separator),
        );
        return match names.len().checked_sub(SUMMARY_PARTNERS) {
            Some(more) if more > 0 => translate(
                lang,
                "map-summary-partners-more",
                &[count, list, ("more", group_digits(more as i128))],
            ),
            _ => translate(lang, "map-summary-partners", &[count, list]),
        };
    }
    let top = rows
        .iter()
        .take(SUMMARY_TOP)
        .map(|r| {
            translate(
                lang,
                "map-summary-item",
                &[("name", r.name.clone()), ("value", r.shown.clone())],
            )
        })
        .collect::<Vec<_>>()
        .join(separator);
    translate(
        lang,
        "map-summary",
        &[
            count,
            ("total", group_digits(i128::from(total))),
            ("top", top),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, i64)]) -> BTreeMap<String, i64> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    }

    #[test]
    fn classes_are_quantiles_of_the_countries_with_their_bounds() {
        let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(
            class_bounds(v.into_iter()),
            vec![(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
        );
        assert_eq!(class_bounds([7, 7, 7].into_iter()), vec![(7, 7)]);
        assert_eq!(
            class_bounds([1, 1, 1, 1, 1, 1, 2, 50].into_iter()),
            vec![(1, 1), (2, 50)]
        );
        assert_eq!(class_bounds([0, -3].into_iter()), vec![]);
        assert_eq!(colour(0, 5), "map-c0");
        assert_eq!(colour(4, 5), "map-c4");
        assert_eq!(colour(1, 2), "map-c4");
        assert_eq!(colour(0, 1), "map-c3");
    }

    #[test]
    fn the_map_shades_countries_and_its_table_keeps_the_ones_too_small_to_draw() {
        let map = world_map(
            &values(&[
                ("KR", 1234),
                ("jp", 900),
                ("US", 850),
                ("SG", 40),
                ("FR", 0),
            ]),
            Lang::En,
            "Students <by> nationality",
        );
        assert_eq!(map.total(), 1234 + 900 + 850 + 40);
        let codes: Vec<&str> = map.rows().iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            ["KR", "JP", "US", "SG"],
            "largest first, FR has no figure"
        );
        let singapore = &map.rows()[3];
        assert_eq!(
            (singapore.name.as_str(), singapore.on_map),
            ("Singapore", false)
        );
        assert!(map.rows()[0].on_map);
        assert_eq!(map.rows()[0].shown, "1,234");
        let svg = map.svg();
        assert!(svg.starts_with("<svg class=\"hrx-map\""));
        assert!(
            svg.contains("<title id=\"") && svg.contains("Students &lt;by&gt; nationality</title>")
        );
        assert!(
            svg.contains("<title>South Korea: 1,234</title>"),
            "{}",
            &svg[..600]
        );
        assert!(
            svg.contains("class=\"map-c4\""),
            "the largest in the darkest class"
        );
        assert!(
            svg.contains("<title>France</title>"),
            "no figure: the name alone"
        );
        assert_eq!(svg.matches("<path").count(), 176);
        let legend: Vec<&str> = map.legend().iter().map(|l| l.label.as_str()).collect();
        assert_eq!(legend, ["40", "850", "900", "1,234", "No figure"]);
        assert_eq!(
            map.summary(),
            "4 countries and regions, 3,024 in all; the largest: South Korea (1,234), Japan (900), United States of America (850)."
        );
        let html = map.to_string();
        assert!(
            html.contains("<details") && html.contains("<td>Singapore"),
            "{html}"
        );
        assert!(html.contains("(too small to show on the map)"));
        assert!(!map.without_table().to_string().contains("<details"));
    }

    #[test]
    fn chinese_maps_name_every_country_and_partner_maps_say_partner() {
        let map = world_map(&values(&[("KR", 3), ("MT", 1)]), Lang::Zh, "来华留学生");
        assert!(
            map.svg().contains("<title>韩国：3</title>"),
            "{}",
            &map.svg()[..400]
        );
        assert_eq!(map.rows()[1].name, "马耳他");
        assert!(
            map.summary().contains("韩国（3）、马耳他（1）"),
            "{}",
            map.summary()
        );
        let html = map.to_string();
        assert!(
            !html.contains(">map-") && !html.contains("(map-"),
            "a key left untranslated: {html}"
        );
        assert!(html.contains("（面积过小，地图上未显示）"), "{html}");
        assert!(
            html.contains("<td>韩国") && html.contains("无数据"),
            "{html}"
        );

        let partners = partner_map(["FR", "DE", "SG"], Lang::En, "Partners");
        assert_eq!(partners.legend().len(), 2);
        assert!(partners.svg().contains("<title>France: partner</title>"));
        assert!(partners
            .summary()
            .starts_with("3 partner countries and regions: France, Germany, Singapore"));
        assert!(world_map(&BTreeMap::new(), Lang::Zh, "空")
            .summary()
            .contains("暂无"));
    }

    #[test]
    fn a_map_of_every_country_stays_small() {
        let every: BTreeMap<String, i64> = reference()
            .countries
            .iter()
            .zip(1..)
            .map(|(c, n)| (c.alpha2.clone(), n * 37))
            .collect();
        let map = world_map(&every, Lang::Zh, "全部");
        assert_eq!(map.rows().len(), 249);
        assert_eq!(map.legend().len(), 6);
        let size = map.svg().len();
        assert!((60_000..90_000).contains(&size), "{size} bytes");
    }
}
