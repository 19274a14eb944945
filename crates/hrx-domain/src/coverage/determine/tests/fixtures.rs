//! What the tests of the determination share: the request builder, running a determination,
//! the assertions on its outcome, and the expectations of a scenario.

use crate::coverage::agreements::{self, Direction, CHINESE_BRANCHES};
use crate::coverage::determine::{determine, Determination, DeterminationRequest, Step};
use crate::coverage::rates;
use crate::FieldErrors;
use chrono::NaiveDate;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// A posting: the request builder's arguments and the optional fields of a request.
#[derive(Debug, Clone, Copy)]
pub struct Posting<'a> {
    pub direction: Direction,
    pub nationality: &'a str,
    /// The sending country inbound, the work country outbound.
    pub partner: &'a str,
    pub category: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub as_of: &'a str,
    pub employed_by_sender_since: Option<&'a str>,
    pub employed_in_china_since: Option<&'a str>,
    pub commercial_health_insurance: bool,
    pub city: Option<&'a str>,
    pub monthly_wage_cny: Option<f64>,
}

/// A posting to China from `from` by a national of `nationality`.
pub const fn inbound<'a>(
    nationality: &'a str,
    from: &'a str,
    category: &'a str,
    start: &'a str,
    end: &'a str,
    as_of: &'a str,
) -> Posting<'a> {
    Posting {
        direction: Direction::Inbound,
        nationality,
        partner: from,
        category,
        start,
        end,
        as_of,
        employed_by_sender_since: None,
        employed_in_china_since: None,
        commercial_health_insurance: false,
        city: None,
        monthly_wage_cny: None,
    }
}

/// A posting of a Chinese national from China to `to`.
pub const fn outbound<'a>(
    to: &'a str,
    category: &'a str,
    start: &'a str,
    end: &'a str,
    as_of: &'a str,
) -> Posting<'a> {
    Posting {
        direction: Direction::Outbound,
        nationality: "CN",
        ..inbound("CN", to, category, start, end, as_of)
    }
}

impl<'a> Posting<'a> {
    pub const fn nationality(self, nationality: &'a str) -> Self {
        Self {
            nationality,
            ..self
        }
    }

    pub const fn employed_by_sender_since(self, since: &'a str) -> Self {
        Self {
            employed_by_sender_since: Some(since),
            ..self
        }
    }

    /// Korea 2012 protocol: working in China since, with or without commercial insurance.
    pub const fn employed_in_china_since(self, since: &'a str, insured: bool) -> Self {
        Self {
            employed_in_china_since: Some(since),
            commercial_health_insurance: insured,
            ..self
        }
    }

    /// The savings estimate's city (if any) and wage.
    pub const fn savings(self, city: Option<&'a str>, monthly_wage_cny: f64) -> Self {
        Self {
            city,
            monthly_wage_cny: Some(monthly_wage_cny),
            ..self
        }
    }

    pub fn request(&self) -> DeterminationRequest {
        let (sending_country, work_country) = match self.direction {
            Direction::Inbound => (self.partner, "CN"),
            Direction::Outbound => ("CN", self.partner),
        };
        DeterminationRequest {
            as_of: self.as_of.into(),
            nationality: self.nationality.into(),
            sending_country: sending_country.into(),
            work_country: work_country.into(),
            worker_category: self.category.into(),
            posting_start: self.start.into(),
            posting_end: self.end.into(),
            employed_by_sender_since: self.employed_by_sender_since.map(str::to_owned),
            employed_in_china_since: self.employed_in_china_since.map(str::to_owned),
            commercial_health_insurance: self.commercial_health_insurance,
            city: self.city.map(str::to_owned),
            monthly_wage_cny: self.monthly_wage_cny,
        }
    }
}

pub fn run(ctx: &str, request: &DeterminationRequest) -> Determination {
    let agreements = agreements::builtin().unwrap_or_else(|e| panic!("{e}"));
    let rates = rates::builtin().unwrap_or_else(|e| panic!("{e}"));
    determine(agreements, rates, request).unwrap_or_else(|e| panic!("{ctx}: {e:?}"))
}

pub fn errors(request: &DeterminationRequest) -> FieldErrors {
    let agreements = agreements::builtin().unwrap_or_else(|e| panic!("{e}"));
    let rates = rates::builtin().unwrap_or_else(|e| panic!("{e}"));
    match determine(agreements, rates, request) {
        Ok(d) => panic!("accepted: {d:?}"),
        Err(e) => e,
    }
}

pub fn codes(d: &Determination) -> Vec<&'static str> {
    d.steps.iter().map(|s| s.code).collect()
}

pub fn step<'a>(d: &'a Determination, code: &str, ctx: &str) -> &'a Step {
    d.steps
        .iter()
        .find(|s| s.code == code)
        .unwrap_or_else(|| panic!("{ctx}: no step {code} in {:?}", codes(d)))
}

pub fn has(d: &Determination, code: &str) -> bool {
    d.steps.iter().any(|s| s.code == code)
}

pub fn assert_not_exempt(d: &Determination, ctx: &str) {
    assert!(!d.exempt, "{ctx}: {d:?}");
    assert!(d.exempt_branches.is_empty(), "{ctx}");
    assert_eq!(d.enrol_branches, CHINESE_BRANCHES, "{ctx}");
    assert_eq!(
        d.steps.last().map(|s| s.code),
        Some("outcome_all_branches"),
        "{ctx}"
    );
}

pub fn assert_exempt(d: &Determination, branches: &[&str], ctx: &str) {
    assert!(d.exempt, "{ctx}: {:?}", codes(d));
    assert_eq!(d.exempt_branches, branches, "{ctx}");
    let enrol: Vec<&str> = CHINESE_BRANCHES
        .into_iter()
        .filter(|b| !branches.contains(b))
        .collect();
    assert_eq!(d.enrol_branches, enrol, "{ctx}");
    assert_eq!(
        d.steps.last().map(|s| s.code),
        Some("outcome_exempt"),
        "{ctx}"
    );
}

/// The savings estimate a scenario expects.
#[derive(Debug)]
pub struct Savings {
    pub city: &'static str,
    pub month: &'static str,
    pub total_cny: f64,
    pub months: u32,
    pub period_total_cny: f64,
}

/// One thing a scenario expects of its determination. Dates are ISO 8601.
#[derive(Debug)]
pub enum Expect {
    /// Exempt from these branches, the other ones enrolled, `outcome_exempt` last.
    Exempt(&'static [&'static str]),
    /// Not exempt: nothing exempt, all five enrolled, `outcome_all_branches` last.
    NotExempt,
    /// The `exempt` flag alone.
    ExemptFlag(bool),
    Agreement(Option<&'static str>),
    Direction(Direction),
    Enrol(&'static [&'static str]),
    ExemptFrom(Option<&'static str>),
    ExemptUntil(Option<&'static str>),
    AllBranchesFrom(Option<&'static str>),
    MaxPostingMonths(Option<u32>),
    ExtensionPossible(bool),
    ExtensionRule(Option<&'static str>),
    ExtensionMaxUntil(Option<&'static str>),
    ManualReview(bool),
    /// Exactly these step codes, in this order.
    Codes(&'static [&'static str]),
    /// A step with this code.
    Has(&'static str),
    /// No step with this code.
    Lacks(&'static str),
    /// `(step code, argument, value)`: the step is there and its argument has the value.
    Arg(&'static str, &'static str, &'static str),
    /// `(step code, count)`: how many steps have the code.
    Count(&'static str, usize),
    Savings(Savings),
    /// The savings estimate's month.
    SavingsMonth(&'static str),
    NoSavings,
}

fn date(value: Option<&str>) -> Option<NaiveDate> {
    value.map(d)
}

/// Asserts one expectation of the scenario `ctx`.
pub fn check(ctx: &str, d: &Determination, expect: &Expect) {
    match expect {
        Expect::Exempt(branches) => assert_exempt(d, branches, ctx),
        Expect::NotExempt => assert_not_exempt(d, ctx),
        Expect::ExemptFlag(exempt) => assert_eq!(d.exempt, *exempt, "{ctx}"),
        Expect::Agreement(code) => assert_eq!(d.agreement.as_deref(), *code, "{ctx}"),
        Expect::Direction(direction) => assert_eq!(d.direction, *direction, "{ctx}"),
        Expect::Enrol(branches) => assert_eq!(d.enrol_branches, *branches, "{ctx}"),
        Expect::ExemptFrom(day) => assert_eq!(d.exempt_from, date(*day), "{ctx}"),
        Expect::ExemptUntil(day) => assert_eq!(d.exempt_until, date(*day), "{ctx}"),
        Expect::AllBranchesFrom(day) => assert_eq!(d.all_branches_from, date(*day), "{ctx}"),
        Expect::MaxPostingMonths(n) => assert_eq!(d.max_posting_months, *n, "{ctx}"),
        Expect::ExtensionPossible(possible) => {
            assert_eq!(d.extension_possible, *possible, "{ctx}");
        }
        Expect::ExtensionRule(rule) => assert_eq!(d.extension_rule, *rule, "{ctx}"),
        Expect::ExtensionMaxUntil(day) => {
            assert_eq!(d.extension_max_until, date(*day), "{ctx}");
        }
        Expect::ManualReview(review) => assert_eq!(d.manual_review, *review, "{ctx}"),
        Expect::Codes(expected) => assert_eq!(codes(d), *expected, "{ctx}"),
        Expect::Has(code) => assert!(has(d, code), "{ctx}: no {code} in {:?}", codes(d)),
        Expect::Lacks(code) => assert!(!has(d, code), "{ctx}: {code} in {:?}", codes(d)),
        Expect::Arg(code, name, value) => {
            assert_eq!(step(d, code, ctx).arg(name), Some(*value), "{ctx}: {code}");
        }
        Expect::Count(code, n) => assert_eq!(
            d.steps.iter().filter(|s| s.code == *code).count(),
            *n,
            "{ctx}: {code}"
        ),
        Expect::Savings(expected) => {
            let s = d
                .savings
                .as_ref()
                .unwrap_or_else(|| panic!("{ctx}: no savings: {:?}", codes(d)));
            assert_eq!(s.city, expected.city, "{ctx}");
            assert_eq!(s.month, expected.month, "{ctx}");
            assert_eq!(s.total_cny, expected.total_cny, "{ctx}");
            assert_eq!(s.months, expected.months, "{ctx}");
            assert_eq!(s.period_total_cny, expected.period_total_cny, "{ctx}");
        }
        Expect::SavingsMonth(month) => assert_eq!(
            d.savings.as_ref().map(|s| s.month.as_str()),
            Some(*month),
            "{ctx}"
        ),
        Expect::NoSavings => assert_eq!(d.savings, None, "{ctx}"),
    }
}
