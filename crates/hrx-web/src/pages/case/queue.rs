//! The queue of a case type: filters (status with counts, free text over names, passport and
//! number), an order (due date or age), keyset pages and a CSV download of the same rows.

use super::DueView;
use crate::pages::Ctx;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hrx_store::case::{QueuePage, QueueQuery, QueueSort};
use serde::Deserialize;

/// Rows shown on one page of a queue.
pub const PAGE_ROWS: i64 = 25;
/// Rows in a CSV download.
pub const CSV_ROWS: i64 = 500;

/// A queue's address parameters.
#[derive(Debug, Default, Deserialize)]
pub struct QueueParams {
    #[serde(default)]
    pub status: String,
    #[serde(default, alias = "direction")]
    pub kind: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub after: String,
    /// Only cases in force ending within this many days (a case type with a validity).
    #[serde(default)]
    pub ending: String,
    #[serde(default)]
    pub format: String,
}

impl QueueParams {
    /// The store's query: `default_sort` when none is asked for; only cases with a running
    /// deadline when `with_deadline` (an officer's working queue).
    pub fn query(&self, default_sort: QueueSort, with_deadline: bool) -> QueueQuery {
        QueueQuery {
            status: Some(self.status.clone()).filter(|s| !s.is_empty()),
            kind: Some(self.kind.clone()).filter(|k| !k.is_empty()),
            with_deadline,
            text: Some(self.q.clone()).filter(|q| !q.trim().is_empty()),
            sort: QueueSort::parse(&self.sort).unwrap_or(default_sort),
            after: Some(self.after.clone()).filter(|a| !a.is_empty()),
            ends_within: None,
            limit: if self.csv() { CSV_ROWS } else { PAGE_ROWS },
            count_cap: None,
        }
    }

    pub fn csv(&self) -> bool {
        self.format == "csv"
    }
}

/// One case in a queue.
pub struct QueueRow {
    pub href: String,
    pub number: String,
    pub title: String,
    pub status: String,
    pub status_label: String,
    /// The badge's class, which colours the status.
    pub badge: String,
    pub due: Option<DueView>,
    /// The case type's own columns, in the order of [`QueueView::columns`].
    pub cells: Vec<String>,
}

/// A queue page's list: what `case_queue.html` renders.
pub struct QueueView {
    pub base: &'static str,
    /// The id of the table, for links into it.
    pub table_id: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<QueueRow>,
    pub text: String,
    pub status: String,
    /// The kinds of case one may filter by, (code, label); empty when there is one kind.
    pub kinds: Vec<(String, String)>,
    pub kind: String,
    /// The windows of days one may filter by, (days, label); empty for case types without a
    /// validity.
    pub endings: Vec<(String, String)>,
    pub ending: String,
    pub sort: &'static str,
    /// Every status of the workflow: (code, label, cases under the other filters, written;
    /// "10,000+" when counting stopped at the cap).
    pub statuses: Vec<(String, String, String)>,
    /// Cases under the other filters, whatever their status, written ("20,000+" when
    /// counting stopped at the cap for some status).
    pub all: String,
    pub total: i64,
    pub total_capped: bool,
    pub next_href: Option<String>,
    pub first_href: Option<String>,
    pub csv_href: String,
    /// The number column's header sorts newest first, then oldest first; the due column's
    /// soonest due first.
    pub number_sort_href: String,
    pub due_sort_href: String,
}

impl QueueView {
    /// The page's list from a store page. `status_codes` are the workflow's states in order.
    pub fn new<T>(
        ctx: &Ctx,
        (base, table_id): (&'static str, &'static str),
        params: &QueueParams,
        page: &QueuePage<T>,
        (status_codes, status_words): (&[String], &str),
        (columns, rows): (Vec<String>, Vec<QueueRow>),
    ) -> QueueView {
        let sort = QueueSort::parse(&params.sort).map_or("", QueueSort::code);
        let link_sorted = |sort: &str, extra: &[(&str, &str)]| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (k, v) in [
                ("status", params.status.as_str()),
                ("kind", params.kind.as_str()),
                ("q", params.q.as_str()),
                ("ending", params.ending.as_str()),
                ("sort", sort),
            ]
            .iter()
            .chain(extra)
            .filter(|(_, v)| !v.is_empty())
            {
                query.append_pair(k, v);
            }
            format!("{base}?{}", query.finish())
        };
        let link = |extra: &[(&str, &str)]| link_sorted(sort, extra);
        let number_sort = if sort == "newest" { "oldest" } else { "newest" };
        let count = |code: &str| page.counts.iter().find(|c| c.0 == code).map_or(0, |c| c.1);
        // A count at the cap where counting stopped is written as at least that many.
        let written = |code: &str| {
            let n = count(code);
            if page.counts_capped && n == hrx_store::registry::TOTAL_CAP {
                format!("{}+", ctx.num(&n))
            } else {
                ctx.num(&n)
            }
        };
        QueueView {
            base,
            table_id,
            columns,
            rows,
            text: params.q.clone(),
            status: params.status.clone(),
            kinds: Vec::new(),
            kind: params.kind.clone(),
            endings: Vec::new(),
            ending: params.ending.clone(),
            sort,
            statuses: status_codes
                .iter()
                .map(|s| (s.clone(), ctx.tk(status_words, s), written(s)))
                .collect(),
            all: {
                let all = ctx.num(&page.counts.iter().map(|c| c.1).sum::<i64>());
                if page.counts_capped {
                    format!("{all}+")
                } else {
                    all
                }
            },
            total: page.total,
            total_capped: page.total_capped,
            next_href: page.next.as_deref().map(|n| link(&[("after", n)])),
            first_href: (!params.after.is_empty()).then(|| link(&[])),
            csv_href: link(&[("format", "csv")]),
            number_sort_href: link_sorted(number_sort, &[]),
            due_sort_href: link_sorted("due", &[]),
        }
    }

    /// The kinds one may filter by: `(code, label)`.
    pub fn with_kinds(mut self, kinds: Vec<(String, String)>) -> QueueView {
        self.kinds = kinds;
        self
    }

    /// The windows of days one may filter by: `(days, label)`.
    pub fn with_endings(mut self, endings: Vec<(String, String)>) -> QueueView {
        self.endings = endings;
        self
    }

    pub fn sort_is(&self, code: &str) -> bool {
        self.sort == code
    }

    pub fn sorts(&self) -> [(&'static str, &'static str); 3] {
        [
            ("due", "case-sort-due"),
            ("newest", "case-sort-newest"),
            ("oldest", "case-sort-oldest"),
        ]
    }

    /// The same rows as a CSV file, with a header row in the reader's language.
    pub fn csv(&self, ctx: &Ctx, file_name: &str) -> Response {
        let mut header = vec![
            ctx.t("case-queue-number"),
            ctx.t("case-queue-title"),
            ctx.t("case-queue-status"),
            ctx.t("case-queue-due"),
        ];
        header.extend(self.columns.iter().cloned());
        let mut rows = vec![header];
        for r in &self.rows {
            let mut line = vec![
                r.number.clone(),
                r.title.clone(),
                r.status_label.clone(),
                r.due.as_ref().map(|d| d.date.clone()).unwrap_or_default(),
            ];
            line.extend(r.cells.iter().cloned());
            rows.push(line);
        }
        csv_download(file_name, &rows)
    }
}

/// Rows of text (the header first) as a CSV download named `{file_name}.csv`: UTF-8 with a
/// byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
pub fn csv_download(file_name: &str, rows: &[Vec<String>]) -> Response {
    let Ok(body) = crate::exports::table_csv(rows) else {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                crate::exports::CSV_MEDIA_TYPE.to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}.csv\""),
            ),
        ],
        body,
    )
        .into_response()
}
