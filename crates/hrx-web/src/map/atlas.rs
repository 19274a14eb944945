//! The world's outlines: the vendored TopoJSON (`data/world/countries-110m.json`, Natural
//! Earth 1:110m through the npm package `world-atlas` 2.0.2) decoded, projected with the Equal
//! Earth projection and turned into SVG path data once per process.
//!
//! The decoder covers what the file uses: a quantized topology (positions delta-encoded and
//! scaled by the `transform`), Polygon and MultiPolygon geometries whose rings list arcs by
//! index, a negative index `i` standing for arc `!i` (that is `-i - 1`) walked backwards.
//! The file does not cut its outlines at the antimeridian (Fiji and the east of Russia cross
//! it), so rings that cross it are cut here before they are projected.

use hrx_domain::reference::reference;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::sync::LazyLock;

const TOPOLOGY: &str = include_str!("../../../../data/world/countries-110m.json");

/// Width of the map's viewBox; the height follows from the projection.
pub const WIDTH: f64 = 1000.0;
/// Room left around the outlines, in viewBox units.
const PAD: f64 = 2.0;
/// Antarctica (ISO 3166-1 numeric 010) is not drawn: nobody's nationality, and a third of
/// the map's height spent on it.
const LEFT_OUT: &[&str] = &["010"];

#[derive(Deserialize)]
struct Topology {
    transform: Option<Transform>,
    arcs: Vec<Vec<[f64; 2]>>,
    objects: BTreeMap<String, Collection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Collection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon {
        id: Option<String>,
        arcs: Vec<Vec<i64>>,
    },
    MultiPolygon {
        id: Option<String>,
        arcs: Vec<Vec<Vec<i64>>>,
    },
    #[serde(other)]
    Other,
}

/// A point in degrees: longitude, latitude.
pub type Point = [f64; 2];

/// One feature of a topology: its id (ISO numeric here) and its polygons, each a list of
/// closed rings, the outer ring first.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub id: Option<String>,
    pub polygons: Vec<Vec<Vec<Point>>>,
}

/// The features of one object of a TopoJSON topology, in degrees.
pub fn decode(json: &str, object: &str) -> Result<Vec<Feature>, String> {
    let topology: Topology = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let arcs = absolute_arcs(&topology);
    let collection = topology
        .objects
        .get(object)
        .ok_or_else(|| format!("no object {object}"))?;
    let mut features = Vec::new();
    for geometry in &collection.geometries {
        let (id, polygons) = match geometry {
            Geometry::Polygon { id, arcs: rings } => (id, vec![rings.as_slice()]),
            Geometry::MultiPolygon { id, arcs: polygons } => {
                (id, polygons.iter().map(Vec::as_slice).collect())
            }
            Geometry::Other => continue,
        };
        let polygons = polygons
            .into_iter()
            .map(|rings| rings.iter().map(|r| ring(&arcs, r)).collect())
            .collect::<Result<_, _>>()?;
        features.push(Feature {
            id: id.clone(),
            polygons,
        });
    }
    Ok(features)
}

/// The arcs in degrees: a quantized topology stores each position as the difference from
/// the one before it, in units of the transform's scale.
fn absolute_arcs(topology: &Topology) -> Vec<Vec<Point>> {
    let Some(t) = &topology.transform else {
        return topology.arcs.clone();
    };
    topology
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .map(|[dx, dy]| {
                    x += dx;
                    y += dy;
                    [
                        x * t.scale[0] + t.translate[0],
                        y * t.scale[1] + t.translate[1],
                    ]
                })
                .collect()
        })
        .collect()
}

/// A ring from its arcs: each arc after the first starts where the one before it ended, so
/// its first position is dropped.
fn ring(arcs: &[Vec<Point>], indices: &[i64]) -> Result<Vec<Point>, String> {
    let mut out: Vec<Point> = Vec::new();
    for &i in indices {
        let (index, backwards) = if i < 0 { (!i, true) } else { (i, false) };
        let arc = usize::try_from(index)
            .ok()
            .and_then(|n| arcs.get(n))
            .ok_or_else(|| format!("arc {i} out of range"))?;
        let skip = usize::from(!out.is_empty());
        if backwards {
            out.extend(arc.iter().rev().skip(skip));
        } else {
            out.extend(arc.iter().skip(skip));
        }
    }
    Ok(out)
}

/// The Equal Earth projection (Šavrič, Patterson and Jenny, 2018) of a point in degrees, in
/// units of the sphere's radius, y pointing north.
pub fn equal_earth([lon, lat]: Point) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let t = (m * lat.to_radians().sin()).asin();
    let t2 = t * t;
    let t6 = t2 * t2 * t2;
    let x =
        lon.to_radians() * t.cos() / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// A ring as one or two rings that do not cross the antimeridian: its longitudes made
/// continuous (no step longer than 180°), then, if it reaches past ±180°, the part on each side
/// of that meridian, the far part moved back by 360°.
pub fn split_at_antimeridian(ring: &[Point]) -> Vec<Vec<Point>> {
    let mut unwrapped: Vec<Point> = Vec::with_capacity(ring.len());
    for &[lon, lat] in ring {
        let mut x = lon;
        if let Some([prev, _]) = unwrapped.last() {
            x -= 360.0 * ((x - prev) / 360.0).round();
        }
        unwrapped.push([x, lat]);
    }
    let (west, east) = unwrapped
        .iter()
        .fold((f64::MAX, f64::MIN), |(w, e), p| (w.min(p[0]), e.max(p[0])));
    let edge = if east > 180.0 {
        180.0
    } else if west < -180.0 {
        -180.0
    } else {
        return vec![unwrapped];
    };
    let near = clip(&unwrapped, edge, edge > 0.0);
    let mut far = clip(&unwrapped, edge, edge < 0.0);
    for p in &mut far {
        p[0] -= 2.0 * edge;
    }
    vec![near, far]
}

/// The part of a ring west (`west`) or east of the meridian `edge` (Sutherland–Hodgman with
/// one clipping line).
fn clip(ring: &[Point], edge: f64, west: bool) -> Vec<Point> {
    let inside = |p: &Point| if west { p[0] <= edge } else { p[0] >= edge };
    let mut out = Vec::new();
    for (i, p) in ring.iter().enumerate() {
        let q = &ring[(i + 1) % ring.len()];
        if inside(p) {
            out.push(*p);
        }
        if inside(p) != inside(q) {
            let t = (edge - p[0]) / (q[0] - p[0]);
            out.push([edge, p[1] + t * (q[1] - p[1])]);
        }
    }
    out
}

/// One drawable feature: the alpha-2 code of its country (none for the few features without
/// an ISO code, such as Kosovo) and its SVG path data.
#[derive(Debug)]
pub struct Shape {
    pub code: Option<&'static str>,
    pub d: String,
}

/// The projected world: the viewBox's size and the shapes in the file's order.
#[derive(Debug)]
pub struct Atlas {
    pub width: u32,
    pub height: u32,
    pub shapes: Vec<Shape>,
    drawn: HashSet<&'static str>,
}

impl Atlas {
    /// Whether the country (alpha-2) has an outline on the map.
    pub fn draws(&self, code: &str) -> bool {
        self.drawn.contains(code)
    }
}

static ATLAS: LazyLock<Atlas> = LazyLock::new(|| {
    let features = decode(TOPOLOGY, "countries").unwrap_or_else(|e| {
        tracing::error!(error = %e, "the world outlines could not be read");
        Vec::new()
    });
    build(&features)
});

/// The world map's outlines, decoded and projected on first use.
pub fn atlas() -> &'static Atlas {
    &ATLAS
}

/// A ring in projected units.
type Ring = Vec<(f64, f64)>;

/// Projects the features into a viewBox `WIDTH` wide and writes their path data with
/// coordinates in tenths of a unit.
pub fn build(features: &[Feature]) -> Atlas {
    let by_numeric: BTreeMap<&str, &'static str> = reference()
        .countries
        .iter()
        .map(|c| (c.numeric.as_str(), c.alpha2.as_str()))
        .collect();
    // Each feature's rings, projected; one path draws them all, and the stylesheet's even-odd
    // fill rule leaves the holes (Lesotho in South Africa) open.
    let projected: Vec<(Option<&'static str>, Vec<Ring>)> = features
        .iter()
        .filter(|f| !f.id.as_deref().is_some_and(|id| LEFT_OUT.contains(&id)))
        .map(|f| {
            let code = f.id.as_deref().and_then(|id| by_numeric.get(id).copied());
            let rings = f
                .polygons
                .iter()
                .flatten()
                .flat_map(|r| split_at_antimeridian(r))
                .map(|r| r.iter().map(|p| equal_earth(*p)).collect())
                .collect();
            (code, rings)
        })
        .collect();
    let points = || projected.iter().flat_map(|(_, rings)| rings).flatten();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in points() {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let k = if x1 > x0 {
        (WIDTH - 2.0 * PAD) / (x1 - x0)
    } else {
        1.0
    };
    let height = ((y1 - y0) * k + 2.0 * PAD).ceil().max(1.0);
    let tenths = |(x, y): (f64, f64)| {
        (
            (((x - x0) * k + PAD) * 10.0).round() as i64,
            (((y1 - y) * k + PAD) * 10.0).round() as i64,
        )
    };
    let mut shapes = Vec::new();
    let mut drawn = HashSet::new();
    for (code, rings) in &projected {
        let mut d = String::new();
        for ring in rings {
            path_ring(&mut d, ring.iter().map(|p| tenths(*p)));
        }
        if d.is_empty() {
            continue;
        }
        if let Some(code) = code {
            drawn.insert(*code);
        }
        shapes.push(Shape { code: *code, d });
    }
    Atlas {
        width: WIDTH as u32,
        height: height as u32,
        shapes,
        drawn,
    }
}

/// Appends one closed ring: `M` to its first point, then relative `l` steps, then `z`. A ring
/// that rounds to fewer than three distinct points is too small to draw and is left out.
fn path_ring(d: &mut String, points: impl Iterator<Item = (i64, i64)>) {
    let mut ring: Vec<(i64, i64)> = Vec::new();
    for p in points {
        if ring.last() != Some(&p) {
            ring.push(p);
        }
    }
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if ring.len() < 3 {
        return;
    }
    let mut prev = (0, 0);
    for (i, &(x, y)) in ring.iter().enumerate() {
        let (dx, dy) = if i == 0 {
            (x, y)
        } else {
            (x - prev.0, y - prev.1)
        };
        match i {
            0 => d.push('M'),
            1 => d.push('l'),
            _ => {}
        }
        number(d, dx, i > 1);
        number(d, dy, true);
        prev = (x, y);
    }
    d.push('z');
}

/// A number given in tenths, as short as SVG allows: `12.3`, `12`, `.5`, `-.5`; a space
/// before it where it follows another number, unless its minus sign separates them.
fn number(d: &mut String, tenths: i64, after_number: bool) {
    if after_number && tenths >= 0 {
        d.push(' ');
    }
    if tenths < 0 {
        d.push('-');
    }
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    if whole > 0 || tenth == 0 {
        let _ = write!(d, "{whole}");
    }
    if tenth > 0 {
        let _ = write!(d, ".{tenth}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_file_has_every_country_and_china_has_an_outline() {
        let features = decode(TOPOLOGY, "countries").unwrap_or_default();
        assert_eq!(features.len(), 177);
        assert_eq!(features.iter().filter(|f| f.id.is_none()).count(), 3);
        let a = atlas();
        // Antarctica is left out; the three features without a code are drawn unshaded.
        assert_eq!(a.shapes.len(), 176);
        assert_eq!(a.shapes.iter().filter(|s| s.code.is_none()).count(), 3);
        let china = a.shapes.iter().find(|s| s.code == Some("CN"));
        assert!(china.is_some_and(|s| s.d.starts_with('M') && s.d.len() > 100));
        assert!(a.draws("CN") && a.draws("TW") && a.draws("FJ"));
        assert!(!a.draws("AQ") && !a.draws("SG") && !a.draws("MT"));
        assert_eq!(a.width, 1000);
        assert!((400..=520).contains(&a.height), "{}", a.height);
    }

    #[test]
    fn quantized_arcs_are_summed_and_negative_indices_walk_backwards() {
        let json = r#"{"type":"Topology",
            "transform":{"scale":[0.5,2],"translate":[10,20]},
            "arcs":[[[0,0],[2,0],[0,1]],[[2,1],[-2,0],[0,-1]]],
            "objects":{"x":{"type":"GeometryCollection","geometries":[
                {"type":"Polygon","id":"001","arcs":[[0,1]]},
                {"type":"MultiPolygon","id":"002","arcs":[[[-2,-1]]]},
                {"type":"Point","coordinates":[0,0]}]}}}"#;
        let features = decode(json, "x").unwrap_or_default();
        assert_eq!(features.len(), 2, "the point is skipped");
        let square = [
            [10.0, 20.0],
            [11.0, 20.0],
            [11.0, 22.0],
            [10.0, 22.0],
            [10.0, 20.0],
        ];
        assert_eq!(features[0].polygons, vec![vec![square.to_vec()]]);
        let mut reversed = square.to_vec();
        reversed.reverse();
        assert_eq!(features[1].id.as_deref(), Some("002"));
        assert_eq!(features[1].polygons, vec![vec![reversed]]);
        assert!(decode(json, "y").is_err());
        assert!(decode(&json.replace("[[0,1]]", "[[0,7]]"), "x").is_err());
    }

    #[test]
    fn a_ring_across_the_antimeridian_is_cut_into_one_ring_on_each_side() {
        let ring = [
            [170.0, 0.0],
            [-170.0, 0.0],
            [-170.0, 10.0],
            [170.0, 10.0],
            [170.0, 0.0],
        ];
        let parts = split_at_antimeridian(&ring);
        assert_eq!(parts.len(), 2);
        let span = |r: &Vec<Point>| {
            r.iter()
                .fold((f64::MAX, f64::MIN), |(w, e), p| (w.min(p[0]), e.max(p[0])))
        };
        assert_eq!(span(&parts[0]), (170.0, 180.0));
        assert_eq!(span(&parts[1]), (-180.0, -170.0));
        let inland = [[10.0, 0.0], [20.0, 0.0], [20.0, 10.0], [10.0, 0.0]];
        assert_eq!(split_at_antimeridian(&inland), vec![inland.to_vec()]);
        // Nothing on the map steps across half its width: no stripe across the map.
        for shape in &atlas().shapes {
            for ring in shape.d.split('z').filter(|r| !r.is_empty()) {
                let steps = ring.split_once('l').map_or("", |(_, l)| l);
                let dx = numbers(steps).into_iter().step_by(2);
                assert!(
                    dx.clone().all(|x| x.abs() < 400.0),
                    "{:?}: {ring}",
                    shape.code
                );
            }
        }
    }

    /// The numbers of path data written by `number`.
    fn numbers(d: &str) -> Vec<f64> {
        let mut out = Vec::new();
        let mut current = String::new();
        for c in d.chars() {
            if (c == '-' || c == ' ') && !current.is_empty() {
                out.push(current.parse().unwrap_or(f64::NAN));
                current.clear();
            }
            if c != ' ' {
                current.push(c);
            }
        }
        if !current.is_empty() {
            out.push(current.parse().unwrap_or(f64::NAN));
        }
        out
    }

    #[test]
    fn equal_earth_keeps_the_origin_and_the_known_extent() {
        assert_eq!(equal_earth([0.0, 0.0]), (0.0, 0.0));
        let (x, _) = equal_earth([180.0, 0.0]);
        assert!((x - 2.706_629).abs() < 1e-5, "{x}");
        let (_, y) = equal_earth([0.0, 90.0]);
        assert!((y - 1.317_363).abs() < 1e-5, "{y}");
        let (xs, ys) = equal_earth([-90.0, -45.0]);
        assert!(xs < 0.0 && ys < 0.0);
    }

    #[test]
    fn path_data_is_relative_in_tenths_and_drops_what_rounds_away() {
        let mut d = String::new();
        path_ring(
            &mut d,
            [(100, 205), (120, 205), (120, 200), (100, 200), (100, 205)].into_iter(),
        );
        assert_eq!(d, "M10 20.5l2 0 0-.5-2 0z");
        let mut tiny = String::new();
        path_ring(&mut tiny, [(1, 1), (1, 1), (2, 1), (1, 1)].into_iter());
        assert_eq!(tiny, "");
    }
}
