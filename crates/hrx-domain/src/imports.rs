//! Bulk import formats (../shared/spec/import-formats.md): the columns of each kind, the
//! header check and the validation of one row into a typed record. Reading files and
//! writing records belong to the store; the rules are here, shared with the entry forms.

use crate::registry::latin_name;
use crate::registry::{bounded_text, country_code, parse_date, past_date, UnifiedSocialCreditCode};
use crate::students::{
    province_code, Enrolment, EnrolmentInput, StudyAbroad, StudyAbroadInput, ENROLMENT_COLUMNS,
    STUDY_ABROAD_COLUMNS,
};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::Serialize;

pub(crate) mod experts;
mod training;
pub use experts::{ExpertRecord, COLUMNS as EXPERT_COLUMNS};
pub use training::{TrainingRecord, COLUMNS as TRAINING_COLUMNS};

/// A record type that can be imported in bulk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportKind {
    StudyAbroad,
    ForeignStudents,
    WorkPermits,
    CoverageCertificates,
    TrainingAbroad,
    Experts,
}

/// A cell for a CSV that people open in a spreadsheet: one that starts like a formula (`=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets an apostrophe, which makes it text.
pub fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

const PERSON_COLUMNS: [&str; 6] = [
    "record_ref",
    "person_ref",
    "family_name",
    "given_name",
    "sex",
    "birth_date",
];

/// The column HRX adds to every layout, after `given_name`: the person's name in their own
/// script (王秀英), beside the family and given name in Latin letters. Optional: a file
/// without it imports as before.
pub const NAME_NATIVE: &str = "name_native";

const WORK_PERMITS: &[&str] = &[
    "nationality",
    "passport_number",
    "employer_uscc",
    "employer_name",
    "province",
    "isco_code",
    "document_type",
    "category",
    "permit_number",
    "valid_from",
    "valid_to",
    "cancelled_on",
];

const COVERAGE_CERTIFICATES: &[&str] = &[
    "nationality",
    "agreement_code",
    "direction",
    "worker_category",
    "employer_name",
    "certificate_number",
    "valid_from",
    "valid_to",
    "revoked_on",
];

/// Columns whose whole column may be left out of a file: their values are optional.
const OPTIONAL_COLUMNS: &[&str] = &[
    "given_name",
    NAME_NATIVE,
    "field",
    "return_date",
    "enrolment_end",
    "passport_number",
    "employer_uscc",
    "category",
    "cancelled_on",
    "revoked_on",
    "funding_channel",
    "expert_class",
    "programme",
    "document_ref",
];

impl ImportKind {
    pub const ALL: [ImportKind; 6] = [
        ImportKind::StudyAbroad,
        ImportKind::ForeignStudents,
        ImportKind::WorkPermits,
        ImportKind::CoverageCertificates,
        ImportKind::TrainingAbroad,
        ImportKind::Experts,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::StudyAbroad => "study-abroad",
            ImportKind::ForeignStudents => "foreign-students",
            ImportKind::WorkPermits => "work-permits",
            ImportKind::CoverageCertificates => "coverage-certificates",
            ImportKind::TrainingAbroad => "training-abroad",
            ImportKind::Experts => "experts",
        }
    }

    pub fn parse(value: &str) -> Option<ImportKind> {
        Self::ALL.into_iter().find(|k| k.code() == value.trim())
    }

    /// Every column a file of the kind may have, in the order of the template: the format's
    /// ([`ImportKind::columns`]) with the name in the person's own script after `given_name`.
    pub fn template_columns(self) -> Vec<&'static str> {
        let mut columns = self.columns();
        let at = columns
            .iter()
            .position(|c| *c == "given_name")
            .map_or(columns.len(), |i| i + 1);
        columns.insert(at, NAME_NATIVE);
        columns
    }

    /// The columns of the format, in the order the spec lists them.
    pub fn columns(self) -> Vec<&'static str> {
        let own: &[&[&str]] = match self {
            ImportKind::StudyAbroad => &[STUDY_ABROAD_COLUMNS],
            ImportKind::ForeignStudents => &[&["nationality"], ENROLMENT_COLUMNS],
            ImportKind::WorkPermits => &[WORK_PERMITS],
            ImportKind::CoverageCertificates => &[COVERAGE_CERTIFICATES],
            ImportKind::TrainingAbroad => &[training::COLUMNS],
            ImportKind::Experts => &[&["nationality"], experts::COLUMNS],
        };
        PERSON_COLUMNS
            .iter()
            .chain(own.iter().flat_map(|part| part.iter()))
            .copied()
            .collect()
    }
}

/// Whether a column may be left out of a file (its values are optional).
pub fn is_optional(column: &str) -> bool {
    OPTIONAL_COLUMNS.contains(&column)
}

/// Where each column of the format sits in a file, after the header has been checked.
#[derive(Debug, Clone)]
pub struct Header {
    kind: ImportKind,
    columns: Vec<&'static str>,
    positions: Vec<Option<usize>>,
    width: usize,
}

/// A problem with the header row: a column named twice, unknown or missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderIssue {
    pub column: String,
    pub reason: &'static str,
}

impl Header {
    /// Checks a header row. A leading byte-order mark is ignored; names are compared after
    /// trimming. Unknown columns are refused unless `ignore_unknown`.
    pub fn resolve(
        kind: ImportKind,
        names: &[&str],
        ignore_unknown: bool,
    ) -> Result<Header, Vec<HeaderIssue>> {
        let columns = kind.template_columns();
        let mut positions = vec![None; columns.len()];
        let mut issues = Vec::new();
        for (i, raw) in names.iter().enumerate() {
            let name = raw.trim_start_matches('\u{feff}').trim();
            match columns.iter().position(|c| *c == name) {
                Some(c) if positions[c].is_some() => issues.push(HeaderIssue {
                    column: name.to_owned(),
                    reason: "duplicate_column",
                }),
                Some(c) => positions[c] = Some(i),
                None if ignore_unknown => {}
                None => issues.push(HeaderIssue {
                    column: name.to_owned(),
                    reason: "unknown_column",
                }),
            }
        }
        for (c, p) in columns.iter().zip(&positions) {
            if p.is_none() && !OPTIONAL_COLUMNS.contains(c) {
                issues.push(HeaderIssue {
                    column: (*c).to_owned(),
                    reason: "missing_column",
                });
            }
        }
        if issues.is_empty() {
            Ok(Header {
                kind,
                columns,
                positions,
                width: names.len(),
            })
        } else {
            Err(issues)
        }
    }

    pub fn kind(&self) -> ImportKind {
        self.kind
    }

    /// The number of fields every row must have.
    pub fn width(&self) -> usize {
        self.width
    }
}

/// One reason a row is refused: the column, the value found and a reason code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue {
    pub column: String,
    pub value: String,
    pub reason: &'static str,
}

/// The person a row belongs to, as the source system identifies and names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportPerson {
    pub person_ref: String,
    pub name_native: Option<String>,
    pub name_latin: Option<String>,
    /// The registry's sex code (`female`, `male`, `unknown`).
    pub sex: &'static str,
    pub birth_date: NaiveDate,
    pub nationality: String,
}

/// A historical work permit or pre-2017 employment document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermitRecord {
    pub passport_number: Option<String>,
    pub employer_uscc: Option<String>,
    pub employer_name: String,
    pub province: String,
    pub isco_code: String,
    pub document_type: &'static str,
    pub category: Option<String>,
    pub permit_number: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub cancelled_on: Option<NaiveDate>,
}

/// A certificate of coverage of either direction, as the source system issued or accepted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRecord {
    pub agreement_code: String,
    /// `inbound` or `outbound`.
    pub direction: &'static str,
    pub worker_category: String,
    pub employer_name: Option<String>,
    pub certificate_number: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
    /// The branches the certificate exempts from, `;`-separated: the agreement's Chinese
    /// branches for an inbound certificate, the partner's for an outbound one.
    pub exempt_branches: String,
}

impl CoverageRecord {
    /// The state of an imported certificate on `today`: `revoked` when a revocation is
    /// recorded, else `expired` after its last day, else `issued` (outbound) or `accepted`
    /// (inbound); with the day it holds since.
    pub fn status(&self, today: NaiveDate) -> (&'static str, NaiveDate) {
        if let Some(r) = self.revoked_on {
            ("revoked", r)
        } else if self.valid_to < today {
            ("expired", self.valid_to.succ_opt().unwrap_or(self.valid_to))
        } else if self.direction == "inbound" {
            ("accepted", self.valid_from)
        } else {
            ("issued", self.valid_from)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ImportRecord {
    StudyAbroad(StudyAbroad),
    ForeignStudent(Enrolment),
    WorkPermit(PermitRecord),
    Coverage(CoverageRecord),
    Training(TrainingRecord),
    Expert(ExpertRecord),
}

/// A valid row: its `record_ref`, its person and its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    pub record_ref: String,
    pub person: ImportPerson,
    pub record: ImportRecord,
}

/// The day the pre-2017 documents gave way to the work permit nationwide.
pub fn work_permit_system_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, 4, 1).unwrap_or_default()
}

/// Validates one row of fields against the header. Every problem of the row is reported,
/// not only the first.
pub fn validate_row(
    header: &Header,
    fields: &[&str],
    today: NaiveDate,
) -> Result<ImportRow, Vec<RowIssue>> {
    if fields.len() != header.width {
        return Err(vec![RowIssue {
            column: String::new(),
            value: fields.len().to_string(),
            reason: "wrong_field_count",
        }]);
    }
    let get = |name: &str| -> Option<String> {
        header
            .columns
            .iter()
            .position(|c| *c == name)
            .and_then(|c| header.positions[c])
            .and_then(|i| fields.get(i))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let mut errors = FieldErrors::new();
    let record_ref = text(&mut errors, "record_ref", get("record_ref"), 100, true);
    let person_ref = text(&mut errors, "person_ref", get("person_ref"), 100, true);
    let family = text(&mut errors, "family_name", get("family_name"), 100, true);
    let given = text(&mut errors, "given_name", get("given_name"), 100, false);
    let native = text(&mut errors, NAME_NATIVE, get(NAME_NATIVE), 200, false);
    // A name in Latin letters is held to the entry forms' rule (`Person::parse`): a formula
    // or digits are refused, naming the column that holds them. With the native name in its
    // own column, the family and given name must be the Latin ones.
    if let Some(family) = &family {
        let latin = match names(family, given.as_deref()) {
            (_, Some(latin)) => Some(latin),
            (Some(_), None) if native.is_some() => Some(match &given {
                Some(g) => format!("{family} {g}"),
                None => family.clone(),
            }),
            _ => None,
        };
        if let Some(Err(code)) = latin.as_deref().map(latin_name) {
            let column = if latin_name(family).is_err() {
                "family_name"
            } else {
                "given_name"
            };
            errors.add(column, code);
        }
    }
    let sex = coded(
        &mut errors,
        "sex",
        get("sex"),
        &[("F", "female"), ("M", "male"), ("X", "unknown")],
    );
    let birth_date = errors.given("birth_date", get("birth_date"), true, |d| {
        past_date(d, today)
    });
    // People who study or train abroad are Chinese: their layouts have no nationality.
    let nationality = match header.kind {
        ImportKind::StudyAbroad | ImportKind::TrainingAbroad => Some("CN".to_owned()),
        _ => errors.given("nationality", get("nationality"), true, country_code),
    };

    let record = match header.kind {
        ImportKind::StudyAbroad => {
            let input = StudyAbroadInput::from_fields(get);
            match StudyAbroad::parse(&input, today) {
                Ok(r) => Some(ImportRecord::StudyAbroad(r)),
                Err(e) => {
                    errors.0.extend(e.0);
                    None
                }
            }
        }
        ImportKind::ForeignStudents => {
            let input = EnrolmentInput::from_fields(get);
            match Enrolment::parse(&input) {
                Ok(r) => {
                    if nationality.as_deref() == Some("CN") {
                        errors.add("nationality", "not_allowed");
                    }
                    Some(ImportRecord::ForeignStudent(r))
                }
                Err(e) => {
                    errors.0.extend(e.0);
                    None
                }
            }
        }
        ImportKind::WorkPermits => permit_record(&get, &mut errors).map(ImportRecord::WorkPermit),
        ImportKind::CoverageCertificates => {
            coverage_record(&get, &mut errors).map(ImportRecord::Coverage)
        }
        ImportKind::TrainingAbroad => {
            training::training_record(&get, &mut errors, today).map(ImportRecord::Training)
        }
        ImportKind::Experts => experts::expert_record(&get, &mut errors, nationality.as_deref())
            .map(ImportRecord::Expert),
    };

    match (
        record_ref,
        person_ref,
        family,
        sex,
        birth_date,
        nationality,
        record,
    ) {
        (
            Some(record_ref),
            Some(person_ref),
            Some(family),
            Some(sex),
            Some(birth_date),
            Some(nationality),
            Some(record),
        ) if errors.is_empty() => {
            let (from_parts, name_latin) = names(&family, given.as_deref());
            let name_native = native.or(from_parts);
            Ok(ImportRow {
                record_ref,
                person: ImportPerson {
                    person_ref,
                    name_native,
                    name_latin,
                    sex,
                    birth_date,
                    nationality,
                },
                record,
            })
        }
        _ => Err(errors
            .0
            .into_iter()
            .map(|e| RowIssue {
                value: get(&e.field).unwrap_or_default(),
                column: e.field,
                reason: e.code,
            })
            .collect()),
    }
}

/// A value from a fixed list, as the code the registry stores for it: `unknown_value` if it
/// is not on the list, `required` if it is missing.
fn coded(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<String>,
    codes: &[(&str, &'static str)],
) -> Option<&'static str> {
    errors.given(field, value, true, |v| {
        codes
            .iter()
            .find(|(given, _)| *given == v)
            .map(|(_, code)| *code)
            .ok_or("unknown_value")
    })
}

/// A document's validity: from and to (both required, in that order), and the day it ended
/// early (`ended_field`), if it did, which cannot come before the start.
fn validity(
    errors: &mut FieldErrors,
    get: &dyn Fn(&str) -> Option<String>,
    ended_field: &str,
) -> (Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>) {
    let valid_from = errors.given("valid_from", get("valid_from"), true, parse_date);
    let valid_to = errors.given("valid_to", get("valid_to"), true, parse_date);
    let ended = errors.given(ended_field, get(ended_field), false, parse_date);
    errors.not_before("valid_to", "before_start", valid_from, valid_to);
    errors.not_before(ended_field, "before_start", valid_from, ended);
    (valid_from, valid_to, ended)
}

fn text(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<String>,
    max: usize,
    required: bool,
) -> Option<String> {
    errors.given(field, value, required, |v| bounded_text(v, max))
}

/// A name in Chinese characters (or any non-Latin script) is the native name, written family
/// name first without a space; a name in Latin letters is the Latin name.
fn names(family: &str, given: Option<&str>) -> (Option<String>, Option<String>) {
    let latin = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii() || !c.is_alphabetic() || c <= '\u{024f}')
    };
    let all_latin = latin(family) && given.is_none_or(latin);
    match (all_latin, given) {
        (true, Some(g)) => (None, Some(format!("{family} {g}"))),
        (true, None) => (None, Some(family.to_owned())),
        (false, Some(g)) => (Some(format!("{family}{g}")), None),
        (false, None) => (Some(family.to_owned()), None),
    }
}

fn permit_record(
    get: &dyn Fn(&str) -> Option<String>,
    errors: &mut FieldErrors,
) -> Option<PermitRecord> {
    let passport_number = get("passport_number").and_then(|p| {
        let p = p.to_ascii_uppercase();
        let ok = (5..=20).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric());
        if ok {
            Some(p)
        } else {
            errors.add("passport_number", "format");
            None
        }
    });
    let employer_uscc = get("employer_uscc").and_then(|u| {
        errors
            .take("employer_uscc", UnifiedSocialCreditCode::parse(&u))
            .map(|c| c.as_str().to_owned())
    });
    let employer_name = text(errors, "employer_name", get("employer_name"), 200, true);
    let province = errors.given("province", get("province"), true, province_code);
    let isco_code = errors.given("isco_code", get("isco_code"), true, isco_code);
    let document_type = coded(
        errors,
        "document_type",
        get("document_type"),
        &[
            ("work_permit", "work_permit"),
            ("alien_employment_permit", "alien_employment_permit"),
            ("foreign_expert_certificate", "foreign_expert_certificate"),
        ],
    );
    let category = get("category");
    match (document_type, category.as_deref()) {
        (Some("work_permit"), Some("A" | "B" | "C")) => {}
        (Some("work_permit"), Some(_)) => errors.add("category", "unknown_value"),
        (Some("work_permit"), None) => errors.add("category", "required"),
        (Some(_), Some(_)) => errors.add("category", "category_for_old_document"),
        _ => {}
    }
    let permit_number = text(errors, "permit_number", get("permit_number"), 40, true);
    let (valid_from, valid_to, cancelled_on) = validity(errors, get, "cancelled_on");
    if let (Some(t), Some(f)) = (document_type, valid_from) {
        if t != "work_permit" && f >= work_permit_system_start() {
            errors.add("valid_from", "old_document_after_2017");
        }
    }
    match (
        employer_name,
        province,
        isco_code,
        document_type,
        permit_number,
        valid_from,
        valid_to,
    ) {
        (
            Some(employer_name),
            Some(province),
            Some(isco_code),
            Some(document_type),
            Some(permit_number),
            Some(valid_from),
            Some(valid_to),
        ) => Some(PermitRecord {
            passport_number,
            employer_uscc,
            employer_name,
            province,
            isco_code,
            document_type,
            category: if document_type == "work_permit" {
                category
            } else {
                None
            },
            permit_number,
            valid_from,
            valid_to,
            cancelled_on,
        }),
        _ => None,
    }
}

fn coverage_record(
    get: &dyn Fn(&str) -> Option<String>,
    errors: &mut FieldErrors,
) -> Option<CoverageRecord> {
    let agreements = crate::coverage::agreements::builtin().unwrap_or_default();
    let agreement = match get("agreement_code") {
        Some(code) => {
            let found = agreements.iter().find(|a| a.code == code);
            if found.is_none() {
                errors.add("agreement_code", "unknown_agreement");
            }
            found
        }
        None => {
            errors.add("agreement_code", "required");
            None
        }
    };
    let direction = coded(
        errors,
        "direction",
        get("direction"),
        &[("inbound", "inbound"), ("outbound", "outbound")],
    );
    let worker_category = match get("worker_category") {
        Some(c) => match agreement {
            Some(a) if !a.covers(&c) => {
                errors.add("worker_category", "category_not_covered");
                None
            }
            _ => Some(c),
        },
        None => {
            errors.add("worker_category", "required");
            None
        }
    };
    let employer_name = text(errors, "employer_name", get("employer_name"), 200, false);
    let certificate_number = text(
        errors,
        "certificate_number",
        get("certificate_number"),
        40,
        true,
    );
    let (valid_from, valid_to, revoked_on) = validity(errors, get, "revoked_on");
    match (
        agreement,
        direction,
        worker_category,
        certificate_number,
        valid_from,
        valid_to,
    ) {
        (
            Some(agreement),
            Some(direction),
            Some(worker_category),
            Some(certificate_number),
            Some(valid_from),
            Some(valid_to),
        ) => {
            let branches = if direction == "inbound" {
                &agreement.chinese_branches_exempt
            } else {
                &agreement.partner_branches_exempt
            };
            Some(CoverageRecord {
                agreement_code: agreement.code.clone(),
                direction,
                worker_category,
                employer_name,
                certificate_number,
                valid_from,
                valid_to,
                revoked_on,
                exempt_branches: branches.join(";"),
            })
        }
        _ => None,
    }
}

/// An ISCO-08 code of one to four digits whose major or sub-major group is in the table.
pub fn isco_code(value: &str) -> Result<String, &'static str> {
    let code = value.trim();
    if code.is_empty() || code.len() > 4 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err("unknown_value");
    }
    let group = &code[..code.len().min(2)];
    if crate::reference::reference()
        .occupations
        .iter()
        .any(|o| o.code == group)
    {
        Ok(code.to_owned())
    } else {
        Err("unknown_value")
    }
}

#[cfg(test)]
mod tests;
