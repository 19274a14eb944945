//! The training completion reports list walked by key (issue 23 group 7): the order and the
//! states worked out by the query agree with the domain's report timing (overdue first by the
//! working days overdue, then by due day), on the deadline's boundary days too, with a search
//! and a state kept from page to page.

use crate::on_each_backend;
use chrono::NaiveDate;
use hrx_store::training::{ReportQuery, ReportRecord};
use hrx_store::Store;

const STAMP: &str = "2010-01-01T00:00:00Z";

/// The day the list is read: a report due on it is still `due`; one due the day before is
/// `overdue`.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2010, 3, 1).unwrap()
}

/// Returns of the groups: long ago, a month end (30 days after 31 January is 2 March), the
/// boundary days of the 30-day deadline (due on 28 February and on 1 March), and recent.
const RETURNS: [&str; 6] = [
    "2009-03-21",
    "2010-01-31",
    "2010-01-29",
    "2010-01-30",
    "2009-11-02",
    "2010-02-20",
];

async fn exec(store: &Store, sql: &str) {
    sqlx::query(sql)
        .execute(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Six returned groups of nine participants (one withdrawn), a third of whom filed: on the
/// due day, a day after it, or before it.
async fn seed(store: &Store) {
    exec(store, &format!(
        "INSERT INTO organisation (id, kind, name_zh, name_en, country, search_name, created_at, updated_at) \
         VALUES (9001, 'government', '财政部', 'Ministry of Finance', 'CN', 'ministry of finance', '{STAMP}', '{STAMP}')"
    )).await;
    exec(store, &format!(
        "INSERT INTO training_programme (id, code, year, title_en, title_zh, programme_type, funding_channel, \
         approval_category, host_institution, institution_kind, host_country, language, planned_days, cost_yuan, \
         window_start, window_end, plan_status, created_by, created_at, updated_at) VALUES (9001, 'SCS-2009-01', 2009, \
         'Senior civil servants', '高级公务员培训', 'senior_civil_servants', 'special_fund', 'approval', \
         'Harvard Kennedy School', 'university', 'US', 'en', 21, 60000, '2009-01-01', '2010-12-31', 'approved', \
         'seed', '{STAMP}', '{STAMP}')"
    )).await;
    let mut member = 9000;
    for (g, returned) in RETURNS.iter().enumerate() {
        let group = 9001 + g;
        exec(store, &format!(
            "INSERT INTO training_group (id, code, programme_id, planned_departure, planned_return, actual_departure, \
             actual_return, status, status_since, created_by, created_at, updated_at) VALUES ({group}, 'SCS-G{g}', 9001, \
             '2009-01-01', '{returned}', '2009-01-01', '{returned}', 'returned', '{returned}', 'seed', '{STAMP}', '{STAMP}')"
        )).await;
        let due = NaiveDate::parse_from_str(returned, "%Y-%m-%d").unwrap() + chrono::Days::new(30);
        for i in 0..9 {
            member += 1;
            let family = if i % 2 == 0 { "Wang" } else { "Zhao" };
            exec(store, &format!(
                "INSERT INTO person (id, name_latin, sex, birth_date, nationality, created_at, updated_at) \
                 VALUES ({member}, '{family} Wei{member}', 'male', '1970-01-01', 'CN', '{STAMP}', '{STAMP}')"
            )).await;
            exec(store, &format!(
                "INSERT INTO training_nomination (id, programme_id, person_id, sending_unit_id, status, status_since, \
                 created_by, created_at, updated_at) VALUES ({member}, 9001, {member}, 9001, 'selected', '2009-01-01', \
                 'seed', '{STAMP}', '{STAMP}')"
            )).await;
            let status = if i == 8 { "withdrawn" } else { "active" };
            exec(store, &format!(
                "INSERT INTO training_member (id, group_id, person_id, nomination_id, role, status, added_by, added_at) \
                 VALUES ({member}, {group}, {member}, {member}, 'participant', '{status}', 'seed', '{STAMP}')"
            )).await;
            let filed = match i % 3 {
                0 => Some(due),
                1 if i < 4 => Some(due + chrono::Days::new(1)),
                _ => None,
            };
            if let Some(on) = filed.filter(|d| *d <= today()) {
                exec(store, &format!(
                    "INSERT INTO training_report (member_id, summary, submitted_on, filed_by, filed_at) \
                     VALUES ({member}, 'Budget reform {member}', '{on}', 'seed', '{STAMP}')"
                )).await;
            }
        }
    }
}

/// Every page, `limit` at a time, by following `next`.
async fn walk(store: &Store, query: &ReportQuery, limit: i64, label: &str) -> Vec<ReportRecord> {
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..100 {
        let page = store
            .training_reports_after(query, after.as_deref(), limit, today())
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert!(page.items.len() as i64 <= limit, "{label}");
        assert!(!page.total_capped, "{label}");
        seen.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => {
                assert_eq!(page.total, seen.len() as i64, "{label}: the total");
                return seen;
            }
        }
    }
    panic!("{label}: no end");
}

/// The order the officers' queue promises, worked out from the records themselves.
fn promised(mut rows: Vec<ReportRecord>) -> Vec<i64> {
    rows.sort_by(|a, b| {
        b.working_days_overdue
            .cmp(&a.working_days_overdue)
            .then(a.due_on.cmp(&b.due_on))
            .then(a.member_id.cmp(&b.member_id))
    });
    rows.iter().map(|r| r.member_id).collect()
}

fn ids(rows: &[ReportRecord]) -> Vec<i64> {
    rows.iter().map(|r| r.member_id).collect()
}

#[tokio::test]
async fn the_report_list_pages_by_key_in_the_queue_order_with_its_states() {
    on_each_backend(|store, label| async move {
        seed(&store).await;
        let all = walk(&store, &ReportQuery::default(), 7, label).await;
        assert_eq!(all.len(), 48, "{label}: the withdrawn are not listed");
        assert_eq!(ids(&all), promised(all.clone()), "{label}: the order");
        let state_of = |on: &str| {
            all.iter()
                .filter(|r| r.due_on == on && r.submitted_on.is_none())
                .map(|r| r.state.clone())
                .next()
        };
        assert_eq!(state_of("2010-03-01").as_deref(), Some("due"), "{label}");
        assert_eq!(
            state_of("2010-02-28").as_deref(),
            Some("overdue"),
            "{label}"
        );
        assert_eq!(state_of("2010-03-02").as_deref(), Some("due"), "{label}");
        for state in ["due", "overdue", "on_time", "late"] {
            let query = ReportQuery {
                text: None,
                state: Some(state.into()),
            };
            let found = walk(&store, &query, 4, label).await;
            let expected: Vec<ReportRecord> =
                all.iter().filter(|r| r.state == state).cloned().collect();
            assert!(!expected.is_empty(), "{label}: {state} is seeded");
            assert_eq!(ids(&found), ids(&expected), "{label}: {state}");
        }
        let query = ReportQuery {
            text: Some("zhao budget".into()),
            state: None,
        };
        let found = walk(&store, &query, 2, label).await;
        let expected: Vec<i64> = all
            .iter()
            .filter(|r| r.person_name.starts_with("Zhao ") && r.summary.is_some())
            .map(|r| r.member_id)
            .collect();
        assert!(!expected.is_empty(), "{label}");
        assert_eq!(
            ids(&found),
            expected,
            "{label}: words in the name and the report"
        );
        let unknown = ReportQuery {
            text: None,
            state: Some("lost".into()),
        };
        assert!(walk(&store, &unknown, 4, label).await.is_empty(), "{label}");
        // A cursor that is not one is the first page.
        let first = store
            .training_reports_after(&ReportQuery::default(), Some("x_y_z"), 7, today())
            .await
            .unwrap();
        assert_eq!(ids(&first.items), ids(&all[..7]), "{label}");
    })
    .await;
}
