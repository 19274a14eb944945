//! Result checks: what is wrong with a page HRX returned.

use crate::queries::Case;
use crate::PER_PAGE;
use hrx_domain::registry::{search_key, search_terms};
use hrx_store::registry::PersonRecord;

/// What is wrong with a page HRX returned for a case, if anything.
pub fn check_page(c: &Case, page: &hrx_store::Page<PersonRecord>) -> Vec<String> {
    let mut wrong = Vec::new();
    let shown = page.items.len() as i64;
    if shown != page.total.min(PER_PAGE) {
        wrong.push(format!("{} items for a total of {}", shown, page.total));
    }
    if page
        .items
        .windows(2)
        .any(|w| w.first().map(|a| a.id) <= w.get(1).map(|b| b.id))
    {
        wrong.push("items are not in descending id order".into());
    }
    let words: Vec<String> = c
        .query
        .text
        .as_deref()
        .map(|t| search_key(t).split(' ').map(str::to_owned).collect())
        .unwrap_or_default();
    for item in &page.items {
        let names: Vec<&str> = [item.name_native.as_deref(), item.name_latin.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let terms = search_terms(&names);
        if let Some(w) = words
            .iter()
            .find(|w| !terms.iter().any(|t| t.starts_with(w.as_str())))
        {
            wrong.push(format!(
                "person {} ({:?}) does not match {w:?}",
                item.id, names
            ));
        }
        if let Some(nat) = &c.query.nationality {
            if &item.nationality != nat {
                wrong.push(format!(
                    "person {} has nationality {}",
                    item.id, item.nationality
                ));
            }
        }
        if let Some(doc) = &c.query.document {
            let doc = doc.to_ascii_uppercase();
            if !item.documents.iter().any(|d| d.number == doc) {
                wrong.push(format!("person {} holds no document {doc}", item.id));
            }
        }
    }
    if let Some(id) = c.expect_id {
        if page.total != 1 || page.items.first().map(|p| p.id) != Some(id) {
            wrong.push(format!(
                "expected exactly person {id}, got total {} and ids {:?}",
                page.total,
                page.items.iter().map(|p| p.id).collect::<Vec<_>>()
            ));
        }
    }
    wrong
}
