//! After the steps: the agreement that follows one that ends, and the estimate of what an
//! inbound exemption saves.

use super::input::Checked;
use super::{Determination, DeterminationRequest, Step};
use crate::coverage::agreements::{Agreement, Direction};
use crate::coverage::dates::months_spanned;
use crate::coverage::rates::{self, RateTable};

/// The agreement with the same partner that enters into force after this one ends.
pub(super) fn successor(agreements: &[Agreement], agreement: &Agreement) -> String {
    let Some(end) = agreement.in_force_until else {
        return "none".to_owned();
    };
    agreements
        .iter()
        .filter(|a| a.partner == agreement.partner && a.in_force.is_some_and(|f| f > end))
        .min_by_key(|a| a.in_force)
        .map_or_else(|| "none".to_owned(), |a| a.code.clone())
}

/// The savings estimate of an inbound exemption, when the request gives a city and a wage
/// (spec §4, savings); the step `savings_estimate` or `savings_unavailable`.
pub(super) fn savings(
    rates: &RateTable,
    request: &DeterminationRequest,
    c: &Checked,
    out: &mut Determination,
) {
    if c.direction != Direction::Inbound {
        return;
    }
    let (Some(city), Some(wage)) = (&c.city, request.monthly_wage_cny) else {
        return;
    };
    let (Some(from), Some(until)) = (out.exempt_from, out.exempt_until) else {
        return;
    };
    let month = c.as_of.max(from).min(until);
    let months = months_spanned(from, until);
    match rates::estimate(rates, city, month, wage, &out.exempt_branches, months) {
        Ok(estimate) => {
            out.steps.push(Step::new(
                "savings_estimate",
                &[
                    ("city", estimate.city.clone()),
                    ("month", estimate.month.clone()),
                    ("total", format!("{:.2}", estimate.total_cny)),
                    ("months", months.to_string()),
                    ("period_total", format!("{:.2}", estimate.period_total_cny)),
                ],
            ));
            out.savings = Some(estimate);
        }
        Err(reason) => out.steps.push(Step::new(
            "savings_unavailable",
            &[
                ("city", city.clone()),
                ("month", month.format("%Y-%m").to_string()),
                ("reason", reason.to_owned()),
            ],
        )),
    }
}
