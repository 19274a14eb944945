//! What each family of records contributes to its series: per person, the months at which
//! the person starts and stops counting (unions of intervals) and the events of each record.

use super::facts::{
    AwardRoundFacts, CertificateFacts, Contribution, ConventionFacts, EngagementFacts,
    EnrolmentFacts, EpisodeFacts, ParticipationFacts, PermitFacts, PersonFacts, ServingFacts,
};
use super::{
    AW_FRIENDSHIP, AW_FRIENDSHIP_CONFERRED, AW_ISTC, CC_EXEMPT, CC_ISSUED, CUMULATIVE_FROM_YEAR,
    FE_END, FE_PERSONS, FE_START, FS_COUNTRY_1978, FS_END, FS_START, ILO_IN_FORCE, ILO_RATIFIED,
    IO_SERVING, SA_ABROAD, SA_DEPARTURE, SA_FIRST_DEPARTURE, SA_FIRST_RETURN, TA_PERSONS, TA_SENT,
    UNKNOWN, WP_ISSUED, WP_VALID,
};
use chrono::NaiveDate;

fn cumulative_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(CUMULATIVE_FROM_YEAR, 1, 1).unwrap_or_default()
}

/// Half-open day intervals `[start, end)` (`None`: open-ended) merged where they overlap or
/// touch; each merged interval keeps the index of the item that opened it.
fn union(
    mut items: Vec<(NaiveDate, Option<NaiveDate>, usize)>,
) -> Vec<(NaiveDate, Option<NaiveDate>, usize)> {
    items.retain(|(a, b, _)| b.is_none_or(|b| b > *a));
    items.sort();
    let mut merged: Vec<(NaiveDate, Option<NaiveDate>, usize)> = Vec::new();
    for (a, b, i) in items {
        match merged.last_mut() {
            Some(last) if last.1.is_none_or(|end| a <= end) => {
                last.1 = match (last.1, b) {
                    (Some(x), Some(y)) => Some(x.max(y)),
                    _ => None,
                };
            }
            _ => merged.push((a, b, i)),
        }
    }
    merged
}

fn interval_deltas<'a>(
    series: &'static str,
    intervals: &[(NaiveDate, Option<NaiveDate>, usize)],
    keys: impl Fn(usize) -> Vec<(&'static str, &'a str)>,
    out: &mut Vec<Contribution<'a>>,
) {
    for (a, b, i) in intervals {
        let k = keys(*i);
        out.push(Contribution::on(series, *a, 1, k.clone()));
        if let Some(b) = b {
            out.push(Contribution::on(series, *b, -1, k));
        }
    }
}

/// What a person's study-abroad episodes contribute.
pub fn study_abroad<'a>(
    person: &'a PersonFacts,
    episodes: &'a [EpisodeFacts],
) -> Vec<Contribution<'a>> {
    let mut episodes: Vec<&'a EpisodeFacts> = episodes.iter().collect();
    episodes.sort();
    let keys = |e: &'a EpisodeFacts| {
        vec![
            ("destination_country", e.destination_country.as_str()),
            ("funding", e.funding.as_str()),
            ("isced_level", e.isced_level.as_str()),
            ("sex", person.sex.as_str()),
        ]
    };
    let from = cumulative_start();
    let mut out = Vec::new();
    for e in episodes.iter().copied() {
        out.push(Contribution::on(SA_DEPARTURE, e.departure, 1, keys(e)));
    }
    if let Some(first) = episodes.iter().copied().find(|e| e.departure >= from) {
        out.push(Contribution::on(
            SA_FIRST_DEPARTURE,
            first.departure,
            1,
            keys(first),
        ));
    }
    if let Some((first, day)) = episodes
        .iter()
        .copied()
        .filter_map(|e| e.return_date.filter(|r| *r >= from).map(|r| (e, r)))
        .min_by_key(|(e, r)| (*r, *e))
    {
        out.push(Contribution::on(SA_FIRST_RETURN, day, 1, keys(first)));
    }
    let abroad = union(
        episodes
            .iter()
            .enumerate()
            .map(|(i, e)| (e.departure, e.return_date, i))
            .collect(),
    );
    interval_deltas(SA_ABROAD, &abroad, |i| keys(episodes[i]), &mut out);
    out
}

/// What a person's enrolments as a foreign student contribute.
pub fn foreign_students<'a>(
    person: &'a PersonFacts,
    enrolments: &'a [EnrolmentFacts],
) -> Vec<Contribution<'a>> {
    let from = cumulative_start();
    let mut out = Vec::new();
    for e in enrolments {
        let keys = vec![
            ("nationality", person.nationality.as_str()),
            ("province", e.province.as_str()),
            ("isced_level", e.isced_level.as_str()),
            ("sex", person.sex.as_str()),
        ];
        if e.end.is_none_or(|end| end >= from) {
            out.push(Contribution::on(
                FS_COUNTRY_1978,
                e.start.max(from),
                1,
                vec![("nationality", person.nationality.as_str())],
            ));
        }
        if let Some(end) = e.end {
            out.push(Contribution::on(FS_END, end, 1, keys.clone()));
        }
        out.push(Contribution::on(FS_START, e.start, 1, keys));
    }
    out
}

/// What a person's work permits and pre-2017 documents contribute.
pub fn work_permits<'a>(
    person: &'a PersonFacts,
    permits: &'a [PermitFacts],
) -> Vec<Contribution<'a>> {
    let mut permits: Vec<&'a PermitFacts> = permits.iter().collect();
    permits.sort();
    let keys = |p: &'a PermitFacts| {
        vec![
            ("category", p.category.as_deref().unwrap_or(UNKNOWN)),
            ("nationality", person.nationality.as_str()),
            ("province", p.province.as_deref().unwrap_or(UNKNOWN)),
            ("occupation", p.occupation.as_deref().unwrap_or(UNKNOWN)),
        ]
    };
    let mut out = Vec::new();
    for p in permits.iter().copied() {
        out.push(Contribution::on(WP_ISSUED, p.valid_from, 1, keys(p)));
    }
    // Valid on E: valid_from <= E <= valid_until and not cancelled on or before E, that is
    // the half-open days [valid_from, min(valid_until + 1, cancelled_on)).
    let valid = union(
        permits
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let after = p.valid_until.succ_opt().unwrap_or(p.valid_until);
                let end = p.cancelled_on.map_or(after, |c| c.min(after));
                (p.valid_from, Some(end), i)
            })
            .collect(),
    );
    interval_deltas(WP_VALID, &valid, |i| keys(permits[i]), &mut out);
    out
}

/// What a person's certificates of coverage contribute: every issued or accepted certificate
/// to `cc_issued`, and the union of the accepted inbound ones to `cc_exempt` (the person
/// counts once however many overlap).
pub fn coverage<'a>(
    person: &'a PersonFacts,
    certificates: &'a [CertificateFacts],
) -> Vec<Contribution<'a>> {
    let mut certificates: Vec<&'a CertificateFacts> = certificates
        .iter()
        .filter(|c| c.issued_on.is_some())
        .collect();
    certificates.sort();
    let keys = |c: &'a CertificateFacts| {
        vec![
            ("agreement", c.agreement.as_str()),
            ("direction", c.direction.as_str()),
            ("nationality", person.nationality.as_str()),
        ]
    };
    let mut out = Vec::new();
    for c in certificates.iter().copied() {
        if let Some(issued) = c.issued_on {
            out.push(Contribution::on(CC_ISSUED, issued, 1, keys(c)));
        }
    }
    // Exempt on E: valid_from <= E <= valid_to and not revoked on or before E, that is the
    // half-open days [valid_from, min(valid_to + 1, revoked_on)).
    let exempt = union(
        certificates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.direction == "inbound")
            .map(|(i, c)| {
                let after = c.valid_to.succ_opt().unwrap_or(c.valid_to);
                let end = c.revoked_on.map_or(after, |r| r.min(after));
                (c.valid_from, Some(end), i)
            })
            .collect(),
    );
    interval_deltas(CC_EXEMPT, &exempt, |i| keys(certificates[i]), &mut out);
    out
}

/// What the conventions register contributes: each ratification, and each convention's time
/// in force (a denunciation takes effect on its day, so it counts no more at that month's end).
pub fn conventions(conventions: &[ConventionFacts]) -> Vec<Contribution<'_>> {
    let mut out = Vec::new();
    for c in conventions {
        let keys = vec![("class", c.class.as_str())];
        out.push(Contribution::on(ILO_RATIFIED, c.ratified, 1, keys.clone()));
        if c.denounced_on.is_none_or(|d| d > c.in_force_from) {
            out.push(Contribution::on(
                ILO_IN_FORCE,
                c.in_force_from,
                1,
                keys.clone(),
            ));
            if let Some(d) = c.denounced_on {
                out.push(Contribution::on(ILO_IN_FORCE, d, -1, keys));
            }
        }
    }
    out
}

/// What a person's participations in training groups abroad contribute: one person-time
/// per participation in the month of its departure (`ta_sent`), and the person once per
/// calendar year, in the month of the year's first departure (`ta_persons`), with the keys
/// of that participation.
pub fn training<'a>(participations: &'a [ParticipationFacts]) -> Vec<Contribution<'a>> {
    let mut sorted: Vec<&'a ParticipationFacts> = participations.iter().collect();
    sorted.sort();
    let keys = |p: &'a ParticipationFacts| {
        vec![
            ("programme_type", p.programme_type.as_str()),
            ("host_country", p.host_country.as_str()),
            ("sending_unit", p.sending_unit.as_str()),
            ("duration_class", p.duration_class.as_str()),
            ("destination_scope", p.destination_scope.as_str()),
        ]
    };
    let mut out = Vec::new();
    let mut year = None;
    for p in sorted {
        out.push(Contribution::on(TA_SENT, p.departure, 1, keys(p)));
        let y = chrono::Datelike::year(&p.departure);
        if year != Some(y) {
            year = Some(y);
            out.push(Contribution::on(TA_PERSONS, p.departure, 1, keys(p)));
        }
    }
    out
}

/// What a person's serving records contribute to `io_serving`: the person counts while any
/// record in scope runs (from its start to its last day, both included), once however many
/// overlap, under the keys of the record that opened the period; a month's sum is the count on
/// its last day.
pub fn intorgs<'a>(person: &'a PersonFacts, records: &'a [ServingFacts]) -> Vec<Contribution<'a>> {
    let mut records: Vec<&'a ServingFacts> = records.iter().collect();
    records.sort();
    let sar = if person.nationality == "CN" {
        "no"
    } else {
        "yes"
    };
    let keys = |r: &'a ServingFacts| {
        vec![
            ("organisation", r.organisation.as_str()),
            ("organisation_type", r.organisation_type.as_str()),
            ("category", r.category.as_str()),
            ("grade_band", r.grade_band.as_str()),
            ("sex", person.sex.as_str()),
            ("sar_passport", sar),
        ]
    };
    let serving = union(
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.start, r.end.map(|e| e.succ_opt().unwrap_or(e)), i))
            .collect(),
    );
    let mut out = Vec::new();
    interval_deltas(IO_SERVING, &serving, |i| keys(records[i]), &mut out);
    out
}

/// What a foreign expert's engagements contribute: each engagement in the month it starts
/// and in the month of its last day (a period's person-times are those overlapping it), and
/// the expert once per calendar year with an engaged day, in that year's first engaged month,
/// under the keys of the engagement that month.
pub fn experts<'a>(
    person: &'a PersonFacts,
    engagements: &'a [EngagementFacts],
) -> Vec<Contribution<'a>> {
    let mut sorted: Vec<&'a EngagementFacts> =
        engagements.iter().filter(|e| e.end >= e.start).collect();
    sorted.sort();
    let keys = |e: &'a EngagementFacts| {
        vec![
            ("origin", e.origin.as_str()),
            ("expert_class", e.expert_class.as_str()),
            ("nationality", person.nationality.as_str()),
            ("province", e.province.as_str()),
            ("sector", e.sector.as_str()),
        ]
    };
    let mut out = Vec::new();
    let mut first_day: std::collections::BTreeMap<i32, (NaiveDate, &'a EngagementFacts)> =
        std::collections::BTreeMap::new();
    for e in &sorted {
        out.push(Contribution::on(FE_START, e.start, 1, keys(e)));
        out.push(Contribution::on(FE_END, e.end, 1, keys(e)));
        for year in chrono::Datelike::year(&e.start)..=chrono::Datelike::year(&e.end) {
            let from = NaiveDate::from_ymd_opt(year, 1, 1)
                .unwrap_or(e.start)
                .max(e.start);
            first_day
                .entry(year)
                .and_modify(|d| {
                    if from < d.0 {
                        *d = (from, e);
                    }
                })
                .or_insert((from, e));
        }
    }
    for (day, e) in first_day.into_values() {
        out.push(Contribution::on(FE_PERSONS, day, 1, keys(e)));
    }
    out
}

/// What the award rounds contribute to the cumulative and conferred series: for each award,
/// rounds in award-year order; a round with a stated total adds what brings the sum to it,
/// any other round its laureates (the history's count, else those recorded in HRX). Each in
/// the month of the round's ceremony when it falls in the award year, else in its December.
pub fn awards(rounds: &[AwardRoundFacts]) -> Vec<Contribution<'static>> {
    let mut out = Vec::new();
    for (award, cumulative, conferred) in [
        ("friendship", AW_FRIENDSHIP, Some(AW_FRIENDSHIP_CONFERRED)),
        ("istc", AW_ISTC, None),
    ] {
        let mut list: Vec<&AwardRoundFacts> = rounds.iter().filter(|r| r.award == award).collect();
        list.sort_by_key(|r| r.award_year);
        let mut total: Option<i64> = None;
        for r in list {
            let december = NaiveDate::from_ymd_opt(r.award_year, 12, 1).unwrap_or_default();
            let day = r
                .ceremony
                .filter(|c| chrono::Datelike::year(c) == r.award_year)
                .unwrap_or(december);
            let count = r.laureates.or((r.recorded > 0).then_some(r.recorded));
            let delta = match (r.stated_total, total) {
                (Some(stated), Some(sum)) => Some(stated - sum),
                (Some(stated), None) => Some(stated),
                (None, Some(_)) => count,
                // Rounds before the first stated total are inside it.
                (None, None) => None,
            };
            if let Some(delta) = delta {
                total = Some(total.unwrap_or(0) + delta);
                out.push(Contribution::on(cumulative, day, delta, Vec::new()));
            }
            if let (Some(series), Some(n)) = (conferred, count) {
                out.push(Contribution::on(series, day, n, Vec::new()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
