use hrx_domain::access::Scope;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

pub(crate) enum Bind {
    Int(i64),
    Text(String),
}

/// WHERE conditions with their parameters, numbered as they are added, so that the same
/// statement text serves both backends.
#[derive(Default)]
pub(crate) struct Filter {
    conditions: Vec<String>,
    binds: Vec<Bind>,
}

impl Filter {
    /// Adds a condition in which `?` stands for the next parameter(s).
    pub fn push(&mut self, condition: &str, values: Vec<Bind>) {
        let mut sql = String::new();
        let mut number = self.binds.len();
        for (i, part) in condition.split('?').enumerate() {
            if i > 0 {
                number += 1;
                sql.push_str(&format!("${number}"));
            }
            sql.push_str(part);
        }
        self.binds.extend(values);
        self.conditions.push(sql);
    }

    /// Limits rows to what a scope allows; `column_org` and `column_id` name the columns.
    pub fn scope(&mut self, scope: Scope, column_org: &str, column_id: &str) {
        match scope {
            Scope::All => {}
            Scope::Organisation(org) => {
                self.push(&format!("{column_org} = ?"), vec![Bind::Int(org)])
            }
            Scope::Person(id) => self.push(&format!("{column_id} = ?"), vec![Bind::Int(id)]),
            Scope::Nothing => self.push("1 = 0", vec![]),
        }
    }

    pub fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// The number the next parameter would take, for LIMIT and OFFSET after the filter.
    pub fn next_param(&self) -> usize {
        self.binds.len() + 1
    }

    pub fn bind<'q>(
        &'q self,
        mut query: Query<'q, Any, AnyArguments<'q>>,
    ) -> Query<'q, Any, AnyArguments<'q>> {
        for b in &self.binds {
            query = match b {
                Bind::Int(v) => query.bind(*v),
                Bind::Text(v) => query.bind(v.as_str()),
            };
        }
        query
    }
}

/// The exclusive upper bound of a prefix range: every string that starts with `prefix` sorts
/// below it in byte order, which both backends' indexes follow for these columns.
pub(crate) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// A search parameter as typed, without control characters (PostgreSQL refuses NUL in text),
/// or nothing if that leaves it empty.
pub(crate) fn search_text(value: Option<&str>) -> Option<String> {
    let cleaned: String = value?.chars().filter(|c| !c.is_control()).collect();
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}
