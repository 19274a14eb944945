#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn study_header() -> Header {
    let names = ImportKind::StudyAbroad.columns();
    Header::resolve(ImportKind::StudyAbroad, &names, false).unwrap()
}

#[test]
fn the_header_may_be_reordered_but_not_incomplete_or_unknown() {
    let mut names = ImportKind::StudyAbroad.columns();
    names.reverse();
    names[0] = "\u{feff}return_date";
    assert!(Header::resolve(ImportKind::StudyAbroad, &names, false).is_ok());
    names.retain(|n| *n != "funding");
    names.push("remarks");
    names.push("institution");
    let issues = Header::resolve(ImportKind::StudyAbroad, &names, false).unwrap_err();
    let reasons: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.column.as_str(), i.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("remarks", "unknown_column"),
            ("institution", "duplicate_column"),
            ("funding", "missing_column")
        ]
    );
    names.retain(|n| *n != "institution");
    names.push("institution");
    names.push("funding");
    assert!(Header::resolve(ImportKind::StudyAbroad, &names, true).is_ok());
}

#[test]
fn a_good_row_becomes_a_record_with_its_person() {
    let fields = [
        "SA1",
        "P1",
        "张",
        "伟",
        "M",
        "1980-02-03",
        "US",
        "MIT",
        "7",
        "",
        "self_funded",
        "2005-09-01",
        "",
    ];
    let row = validate_row(&study_header(), &fields, today()).unwrap();
    assert_eq!(row.person.name_native.as_deref(), Some("张伟"));
    assert_eq!(row.person.nationality, "CN");
    assert_eq!(row.person.sex, "male");
    let ImportRecord::StudyAbroad(e) = row.record else {
        panic!("wrong record")
    };
    assert_eq!(e.return_date, None);
}

#[test]
fn the_native_name_column_gives_the_name_in_characters_beside_the_latin_one() {
    let mut names = ImportKind::StudyAbroad.columns();
    names.insert(4, NAME_NATIVE);
    assert_eq!(names, ImportKind::StudyAbroad.template_columns());
    let header = Header::resolve(ImportKind::StudyAbroad, &names, false).unwrap();
    let row = |family: &str, given: &str, native: &str| {
        let fields = [
            "SA1",
            "P1",
            family,
            given,
            native,
            "F",
            "1980-02-03",
            "US",
            "MIT",
            "7",
            "",
            "self_funded",
            "2005-09-01",
            "",
        ];
        validate_row(&header, &fields, today())
    };
    let both = row("Wang", "Xiuying", "王秀英").unwrap();
    assert_eq!(both.person.name_native.as_deref(), Some("王秀英"));
    assert_eq!(both.person.name_latin.as_deref(), Some("Wang Xiuying"));
    // Left empty, the names are read from the family and given name as before.
    let latin = row("Wang", "Xiuying", "").unwrap();
    assert_eq!(latin.person.name_native, None);
    let chars = row("王", "秀英", "").unwrap();
    assert_eq!(chars.person.name_native.as_deref(), Some("王秀英"));
    assert_eq!(chars.person.name_latin, None);
    // With the native name in its own column, the others must be in Latin letters.
    let issues = row("王", "秀英", "王秀英").unwrap_err();
    assert_eq!(issues[0].column, "family_name");
    assert_eq!(issues[0].reason, "not_latin");
    let issues = row("Wang", "秀英", "王秀英").unwrap_err();
    assert_eq!(issues[0].column, "given_name");
    // Every kind accepts it, after the given name, and a file may leave it out.
    for kind in ImportKind::ALL {
        let all = kind.template_columns();
        assert_eq!(all[4], NAME_NATIVE, "{kind:?}");
        assert!(is_optional(NAME_NATIVE));
        assert!(Header::resolve(kind, &all, false).is_ok(), "{kind:?}");
        assert!(
            Header::resolve(kind, &kind.columns(), false).is_ok(),
            "{kind:?}"
        );
    }
}

#[test]
fn every_problem_of_a_row_is_named_with_its_value() {
    let fields = [
        "SA1",
        "",
        "Wang",
        "Wei",
        "Q",
        "1980-02-30",
        "ZZ",
        "MIT",
        "7",
        "",
        "self_funded",
        "2005-09-01",
        "2005-08-01",
    ];
    let issues = validate_row(&study_header(), &fields, today()).unwrap_err();
    let found: Vec<(&str, &str, &str)> = issues
        .iter()
        .map(|i| (i.column.as_str(), i.value.as_str(), i.reason))
        .collect();
    assert_eq!(
        found,
        vec![
            ("person_ref", "", "required"),
            ("sex", "Q", "unknown_value"),
            ("birth_date", "1980-02-30", "invalid_date"),
            ("destination_country", "ZZ", "unknown_country"),
            ("return_date", "2005-08-01", "return_before_departure"),
        ]
    );
    let short = validate_row(&study_header(), &fields[..5], today()).unwrap_err();
    assert_eq!(short[0].reason, "wrong_field_count");
}

#[test]
fn old_documents_have_no_category_and_predate_the_work_permit() {
    let names = ImportKind::WorkPermits.columns();
    let header = Header::resolve(ImportKind::WorkPermits, &names, false).unwrap();
    let row = |doc: &str, category: &str, from: &str| {
        let fields = [
            "WP1",
            "P1",
            "Smith",
            "John",
            "M",
            "1970-01-01",
            "GB",
            "",
            "",
            "Acme",
            "310000",
            "2511",
            doc,
            category,
            "X123",
            from,
            "2019-12-31",
            "",
        ];
        validate_row(&header, &fields, today())
    };
    assert!(row("alien_employment_permit", "", "2010-01-01").is_ok());
    // (document, category, valid from) and the reason the row is refused.
    let refused = [
        (
            ("alien_employment_permit", "B", "2010-01-01"),
            "category_for_old_document",
        ),
        (
            ("foreign_expert_certificate", "", "2017-04-01"),
            "old_document_after_2017",
        ),
        (("work_permit", "", "2010-01-01"), "required"),
        (("work_permit", "D", "2010-01-01"), "unknown_value"),
    ];
    for ((doc, category, from), reason) in refused {
        assert_eq!(row(doc, category, from).unwrap_err()[0].reason, reason);
    }
    let ok = row("work_permit", "A", "2010-01-01").unwrap();
    assert_eq!(ok.person.name_latin.as_deref(), Some("Smith John"));
}

#[test]
fn certificates_are_checked_against_their_agreement() {
    let mut names = ImportKind::CoverageCertificates.columns();
    let header = Header::resolve(ImportKind::CoverageCertificates, &names, false).unwrap();
    let row = |agreement: &str, direction: &str, category: &str, to: &str, revoked: &str| {
        let fields = [
            "CC1",
            "P1",
            "Weber",
            "Max",
            "M",
            "1970-01-01",
            "DE",
            agreement,
            direction,
            category,
            "Berlin GmbH",
            "DE-0001",
            "2009-04-01",
            to,
            revoked,
        ];
        validate_row(&header, &fields, today())
    };
    let reason = |r: Result<ImportRow, Vec<RowIssue>>| {
        r.unwrap_err()
            .into_iter()
            .map(|i| (i.column, i.reason))
            .collect::<Vec<_>>()
    };
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();

    let inbound = row("CN-DE-2001", "inbound", "posted_worker", "2013-03-31", "").unwrap();
    let ImportRecord::Coverage(c) = &inbound.record else {
        panic!("wrong record")
    };
    assert_eq!(c.exempt_branches, "pension;unemployment");
    assert_eq!(c.status(today()), ("expired", day("2013-04-01")));
    let outbound = row("CN-KR-2003", "outbound", "self_employed", "2030-12-31", "").unwrap();
    let ImportRecord::Coverage(c) = &outbound.record else {
        panic!("wrong record")
    };
    assert_eq!(c.exempt_branches, "pension");
    assert_eq!(c.status(today()), ("issued", day("2009-04-01")));
    let revoked = row(
        "CN-DE-2001",
        "inbound",
        "seafarer",
        "2030-12-31",
        "2010-01-01",
    )
    .unwrap();
    let ImportRecord::Coverage(c) = &revoked.record else {
        panic!("wrong record")
    };
    assert_eq!(c.status(today()), ("revoked", day("2010-01-01")));

    assert_eq!(
        reason(row(
            "CN-XX-2001",
            "inbound",
            "posted_worker",
            "2013-03-31",
            ""
        )),
        vec![("agreement_code".to_owned(), "unknown_agreement")]
    );
    assert_eq!(
        reason(row("CN-KR-2012", "inbound", "seafarer", "2013-03-31", "")),
        vec![("worker_category".to_owned(), "category_not_covered")]
    );
    assert_eq!(
        reason(row(
            "CN-DE-2001",
            "sideways",
            "posted_worker",
            "2009-03-31",
            "2009-01-01"
        )),
        vec![
            ("direction".to_owned(), "unknown_value"),
            ("valid_to".to_owned(), "before_start"),
            ("revoked_on".to_owned(), "before_start"),
        ]
    );
    // The revocation column may be left out of a file.
    names.retain(|n| *n != "revoked_on");
    assert!(Header::resolve(ImportKind::CoverageCertificates, &names, false).is_ok());
    names.retain(|n| *n != "certificate_number");
    assert!(Header::resolve(ImportKind::CoverageCertificates, &names, false).is_err());
}

#[test]
fn isco_codes_are_checked_by_their_group() {
    assert_eq!(isco_code("2511"), Ok("2511".to_owned()));
    assert_eq!(isco_code("25"), Ok("25".to_owned()));
    assert!(isco_code("99").is_err());
    assert!(isco_code("25a").is_err());
}
