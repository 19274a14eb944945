//! `hrx import cooperation-events FILE`: the layout of `cooperation-events.csv`, with the
//! guarantees of the other imports (`crate::imports::small`): the header is checked, every
//! row is validated before anything is written, a file with an invalid row writes nothing
//! (or, with `skip_invalid`, the valid rows are written and the invalid ones go to a rejects
//! file with a reason), importing the same file twice changes nothing (an event is matched by
//! its start and its English name), and the whole file is one transaction.

use super::events::upsert_event;
use super::refresh;
use crate::imports::small::{check_file, SmallImportOptions};
use crate::imports::{ImportError, ImportReport};
use crate::Store;
use hrx_domain::cooperation::events::{EventRow, EVENT_COLUMNS};
use std::path::Path;

/// The import kind's code, as `hrx import` and the import history name it.
pub const KIND: &str = "cooperation-events";

/// What to do with a file.
pub type EventImportOptions = SmallImportOptions;

fn row_of(cell: &dyn Fn(&str) -> String) -> EventRow {
    EventRow {
        date: cell("date"),
        end_date: cell("end_date"),
        name_en: cell("name_en"),
        name_zh: cell("name_zh"),
        kind: cell("kind"),
        organiser: cell("organiser"),
        host_city: cell("host_city"),
        host_country: cell("host_country"),
        outcome_document: cell("outcome_document"),
        source: cell("source"),
    }
}

impl Store {
    /// Imports events in the layout of `cooperation-events.csv` (CSV or XLSX).
    pub async fn import_cooperation_events(
        &self,
        path: &Path,
        options: &EventImportOptions,
    ) -> Result<ImportReport, ImportError> {
        let mut checked = check_file(
            path,
            &EVENT_COLUMNS,
            options,
            |cell| row_of(cell).check(),
            |e| {
                (
                    (e.starts_on, e.name_en.clone()),
                    "name_en",
                    e.name_en.clone(),
                )
            },
        )?;
        let mut tx = self.begin_write().await?;
        if !checked.refused(options) {
            let valid = std::mem::take(&mut checked.valid);
            for input in &valid {
                let done = upsert_event(&mut tx, &options.actor, input, "import").await?;
                checked.count(done);
            }
            refresh(self, &mut tx).await?;
        }
        checked.finish(self, tx, KIND, path, options).await
    }
}
