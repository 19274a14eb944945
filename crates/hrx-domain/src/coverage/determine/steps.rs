//! The steps of a determination (spec §4), one function per step, in the order they are
//! taken: the agreement and its entry into force, the nationality, the category, the clock and
//! the posting limit, the exemption period, beyond the limit, the Korea 2012 protocol and the
//! outcome on `as_of`.

use super::input::{choose, iso, ymd, Checked};
use super::savings::successor;
use super::{in_branch_order, others, Determination, Step};
use crate::coverage::agreements::{Agreement, Direction, ExtensionRule, PostingLimit};
use crate::coverage::dates::{
    at_least_months_before, months_before, next_day, period_end, previous_day,
};
use chrono::NaiveDate;

/// The Korea 2012 protocol: Korean nationals working in China before this day, with commercial
/// health insurance, were exempt from Chinese employee basic medical insurance ...
const KOREA_PROTOCOL_EMPLOYED_BEFORE: (i32, u32, u32) = (2013, 1, 16);
/// ... until this day at the latest.
const KOREA_PROTOCOL_UNTIL: (i32, u32, u32) = (2016, 12, 31);

/// Works through the steps; returns the exempt branches when the worker is exempt on `as_of`.
pub(super) fn evaluate(
    agreements: &[Agreement],
    c: &Checked,
    out: &mut Determination,
) -> Option<Vec<String>> {
    let (agreement, in_force) = agreement_in_force(agreements, c, out)?;
    nationality(c, out);
    category(agreement, c, out)?;
    let limit = clock_and_limit(agreements, agreement, in_force, c, out)?;
    let mut period = exemption_period(agreements, agreement, &limit, c, out);
    let limit_exceeded_step = beyond_limit(agreement, &limit, &period, c, out);
    korea_medical_protocol(agreement, &limit, &mut period, c, out);
    on_as_of(period, limit_exceeded_step, c, out)
}

/// The clock and the posting limit, as step 5 finds them.
struct Limit {
    /// The day the clock starts: the later of the posting start and the entry into force.
    clock: NaiveDate,
    /// The agreement's last day in force (`NaiveDate::MAX` when open-ended).
    agreement_end: NaiveDate,
    /// The last day the limit allows (`NaiveDate::MAX` when unlimited).
    limit_end: NaiveDate,
    rule: ExtensionRule,
}

/// The exemption period the agreement gives this posting.
struct Period {
    until: NaiveDate,
    branches: Vec<String>,
    /// The limit, not the posting end nor the agreement's end, ends the period.
    cut_by_limit: bool,
}

/// Step 1: the partner's agreement, and whether it is in force on `as_of`. Returns the
/// agreement and its entry into force.
fn agreement_in_force<'a>(
    agreements: &'a [Agreement],
    c: &Checked,
    out: &mut Determination,
) -> Option<(&'a Agreement, NaiveDate)> {
    let Some(agreement) = choose(agreements, &c.partner, c.as_of) else {
        out.steps
            .push(Step::new("no_agreement", &[("partner", c.partner.clone())]));
        return None;
    };
    let code = agreement.code.clone();
    out.agreement = Some(code.clone());
    if !agreement.in_force_on(c.as_of) {
        out.steps.push(Step::new(
            "agreement_not_in_force",
            &[
                ("agreement", code),
                (
                    "in_force",
                    agreement.in_force.map_or_else(|| "none".to_owned(), iso),
                ),
            ],
        ));
        return None;
    }
    let in_force = agreement.in_force.unwrap_or(c.as_of);
    out.steps.push(Step::new(
        "agreement_in_force",
        &[("agreement", code), ("in_force", iso(in_force))],
    ));
    Some((agreement, in_force))
}

/// Step 2: nationality (manual review, the rest is still worked out).
fn nationality(c: &Checked, out: &mut Determination) {
    let expected = match c.direction {
        Direction::Inbound => c.partner.as_str(),
        Direction::Outbound => "CN",
    };
    if c.nationality == expected {
        out.steps.push(Step::new(
            "nationality_ok",
            &[("nationality", c.nationality.clone())],
        ));
    } else {
        out.manual_review = true;
        out.steps.push(Step::new(
            "nationality_mismatch",
            &[
                ("nationality", c.nationality.clone()),
                ("expected", expected.to_owned()),
            ],
        ));
    }
}

/// Step 4: category, with the special rules of the notes. `None` when the posting is not
/// covered.
fn category(agreement: &Agreement, c: &Checked, out: &mut Determination) -> Option<()> {
    let code = agreement.code.clone();
    let category = c.category.as_str();
    let japan_family_outbound = agreement.code.starts_with("CN-JP-")
        && category == "family_member"
        && c.direction == Direction::Outbound;
    if !agreement.covers(category) || japan_family_outbound {
        out.steps.push(Step::new(
            "category_not_covered",
            &[("category", category.to_owned()), ("agreement", code)],
        ));
        return None;
    }
    out.steps.push(Step::new(
        "category_covered",
        &[
            ("category", category.to_owned()),
            ("agreement", code.clone()),
        ],
    ));
    let partner_code = &agreement.partner;
    if category == "family_member" && ["CH", "NL", "JP"].contains(&partner_code.as_str()) {
        out.steps.push(Step::new(
            "family_member_conditions",
            &[("agreement", code)],
        ));
    }
    if partner_code == "NL" && category == "posted_worker" {
        match c.employed_by_sender_since {
            Some(since) if !at_least_months_before(since, 1, c.posting_start) => {
                out.steps.push(Step::new(
                    "sender_employment_too_short",
                    &[
                        ("since", iso(since)),
                        ("posting_start", iso(c.posting_start)),
                    ],
                ));
                return None;
            }
            Some(since) => out
                .steps
                .push(Step::new("sender_employment_ok", &[("since", iso(since))])),
            None => out.steps.push(Step::new(
                "sender_employment_condition",
                &[("posting_start", iso(c.posting_start))],
            )),
        }
    }
    Some(())
}

/// Step 5: the clock and the posting limit. `None` when the posting lies outside the
/// agreement or the limit is not established.
fn clock_and_limit(
    agreements: &[Agreement],
    agreement: &Agreement,
    in_force: NaiveDate,
    c: &Checked,
    out: &mut Determination,
) -> Option<Limit> {
    let code = agreement.code.clone();
    let category = c.category.as_str();
    let clock = c.posting_start.max(in_force);
    let agreement_end = agreement.in_force_until.unwrap_or(NaiveDate::MAX);
    if c.posting_end < in_force {
        out.steps.push(Step::new(
            "agreement_not_in_force",
            &[("agreement", code), ("in_force", iso(in_force))],
        ));
        return None;
    }
    if clock > agreement_end {
        out.steps.push(Step::new(
            "agreement_ends",
            &[
                ("until", iso(agreement_end)),
                ("successor", successor(agreements, agreement)),
            ],
        ));
        return None;
    }
    out.steps
        .push(Step::new("clock_start", &[("date", iso(clock))]));
    if clock > c.posting_start {
        out.steps.push(Step::new(
            "all_branches_before_in_force",
            &[
                ("from", iso(c.posting_start)),
                ("until", iso(previous_day(clock))),
            ],
        ));
    }
    let korea_local = agreement.code == "CN-KR-2012" && category == "local_short_term";
    let german_diplomat = agreement.code == "CN-DE-2001" && category == "diplomatic_consular";
    let (limit, rule) = agreement.terms_for(c.direction, category);
    out.extension_rule = Some(rule.code());
    let allowed_end = match limit {
        PostingLimit::Months(n) => {
            let end = period_end(clock, n);
            out.max_posting_months = Some(n);
            let step = if korea_local {
                "local_short_term_limit"
            } else {
                "posting_limit"
            };
            out.steps.push(Step::new(
                step,
                &[("months", n.to_string()), ("until", iso(end))],
            ));
            Some(end)
        }
        PostingLimit::Unlimited => {
            let step = if german_diplomat {
                "diplomatic_no_limit"
            } else {
                "posting_unlimited"
            };
            out.steps.push(Step::new(step, &[]));
            None
        }
        PostingLimit::NotEstablished => {
            out.manual_review = true;
            out.steps
                .push(Step::new("posting_limit_unknown", &[("agreement", code)]));
            return None;
        }
    };
    Some(Limit {
        clock,
        agreement_end,
        limit_end: allowed_end.unwrap_or(NaiveDate::MAX),
        rule,
    })
}

/// The exemption period: from the clock start to the earliest of the posting end, the end of
/// the limit and the agreement's end.
fn exemption_period(
    agreements: &[Agreement],
    agreement: &Agreement,
    limit: &Limit,
    c: &Checked,
    out: &mut Determination,
) -> Period {
    let Limit {
        clock,
        agreement_end,
        limit_end,
        ..
    } = *limit;
    let until = c.posting_end.min(limit_end).min(agreement_end);
    let branches = in_branch_order(agreement.exempt_branches(c.direction));
    out.exempt_from = Some(clock);
    out.exempt_until = Some(until);
    if c.posting_end > until {
        out.all_branches_from = Some(next_day(until));
    }
    out.steps.push(Step::new(
        "exemption_period",
        &[
            ("from", iso(clock)),
            ("until", iso(until)),
            ("branches", branches.join(", ")),
            ("enrol", others(&branches).join(", ")),
        ],
    ));
    let cut_by_agreement = agreement_end < c.posting_end.min(limit_end);
    let cut_by_limit = !cut_by_agreement && limit_end < c.posting_end;
    if cut_by_agreement {
        out.steps.push(Step::new(
            "agreement_ends",
            &[
                ("until", iso(agreement_end)),
                ("successor", successor(agreements, agreement)),
            ],
        ));
    }
    Period {
        until,
        branches,
        cut_by_limit,
    }
}

/// Step 6: beyond the limit, when the limit cuts the posting. Returns whether the step
/// `posting_limit_exceeded` was added.
fn beyond_limit(
    agreement: &Agreement,
    limit: &Limit,
    period: &Period,
    c: &Checked,
    out: &mut Determination,
) -> bool {
    if !period.cut_by_limit {
        return false;
    }
    let after = next_day(limit.limit_end);
    match limit.rule {
        ExtensionRule::None => {
            out.steps
                .push(Step::new("posting_limit_exceeded", &[("from", iso(after))]));
            true
        }
        ExtensionRule::Unknown => {
            out.manual_review = true;
            out.steps.push(Step::new(
                "extension_terms_unknown",
                &[("from", iso(after))],
            ));
            false
        }
        ExtensionRule::ByAgreement
        | ExtensionRule::ExceptionalByAgreement
        | ExtensionRule::SpecialAgreement => {
            out.extension_possible = true;
            let cap = agreement.extension_max_months.map(|n| {
                period_end(limit.clock, n)
                    .min(c.posting_end)
                    .min(limit.agreement_end)
            });
            out.extension_max_until = cap;
            let step = match limit.rule {
                ExtensionRule::ByAgreement => "extension_by_agreement",
                ExtensionRule::ExceptionalByAgreement => "extension_exceptional_by_agreement",
                _ => "extension_special_agreement",
            };
            out.steps.push(Step::new(
                step,
                &[
                    ("from", iso(after)),
                    (
                        "max_months",
                        agreement
                            .extension_max_months
                            .map_or_else(|| "none".to_owned(), |n| n.to_string()),
                    ),
                    ("max_until", cap.map_or_else(|| "none".to_owned(), iso)),
                ],
            ));
            if agreement.code.starts_with("CN-ES-") {
                out.steps.push(Step::new(
                    "extension_notice",
                    &[
                        ("latest", iso(months_before(period.until, 3))),
                        ("months", "3".to_owned()),
                    ],
                ));
            }
            false
        }
    }
}

/// Korea 2012 protocol: medical as well, up to 2016-12-31.
fn korea_medical_protocol(
    agreement: &Agreement,
    limit: &Limit,
    period: &mut Period,
    c: &Checked,
    out: &mut Determination,
) {
    let protocol_until = ymd(KOREA_PROTOCOL_UNTIL);
    if c.direction == Direction::Inbound
        && agreement.code == "CN-KR-2012"
        && c.nationality == "KR"
        && c.employed_in_china_since
            .is_some_and(|s| s < ymd(KOREA_PROTOCOL_EMPLOYED_BEFORE))
        && c.commercial_health_insurance
        && c.as_of <= protocol_until
        && c.as_of <= period.until
        && limit.clock <= protocol_until
    {
        period.branches.push("medical".to_owned());
        period.branches = in_branch_order(&period.branches);
        out.steps.push(Step::new(
            "korea_medical_protocol",
            &[("until", iso(period.until.min(protocol_until)))],
        ));
    }
}

/// On `as_of`: the exempt branches, unless the exemption period is over by then.
fn on_as_of(
    period: Period,
    limit_exceeded_step: bool,
    c: &Checked,
    out: &mut Determination,
) -> Option<Vec<String>> {
    if c.as_of > period.until {
        if period.cut_by_limit {
            if !limit_exceeded_step {
                out.steps.push(Step::new(
                    "posting_limit_exceeded",
                    &[("from", iso(next_day(period.until)))],
                ));
            }
        } else {
            out.steps.push(Step::new(
                "posting_ended",
                &[("posting_end", iso(c.posting_end))],
            ));
        }
        return None;
    }
    Some(period.branches)
}
