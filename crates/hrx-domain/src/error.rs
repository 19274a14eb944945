use serde::Serialize;

/// One rejected input field: the field's name as the client sent it and a stable code the UI
/// translates (`required`, `too_long`, `check_digit` ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
}

/// All the field errors found in one input, so a form can show every one beside its field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{} invalid field(s)", .0.len())]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, code: &'static str) {
        self.0.push(FieldError {
            field: field.into(),
            code,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn single(field: impl Into<String>, code: &'static str) -> Self {
        let mut errors = Self::new();
        errors.add(field, code);
        errors
    }

    /// The code for a field, if it was rejected.
    pub fn code_for(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }

    /// Adds another check's errors, on the fields this collection has not rejected yet (the
    /// first reason given for a field stands).
    pub fn merge(&mut self, other: FieldErrors) {
        for e in other.0 {
            if self.code_for(&e.field).is_none() {
                self.0.push(e);
            }
        }
    }

    /// Records the error of a parse into this collection and returns the value, if any.
    pub fn take<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }

    /// Parses a value as given: `None` (and `required` on the field, if it must be given) when
    /// it is missing, the parse's code when it is refused.
    pub fn given<T>(
        &mut self,
        field: &str,
        value: Option<String>,
        must: bool,
        parse: impl FnOnce(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        match value {
            Some(v) => self.take(field, parse(&v)),
            None => {
                if must {
                    self.add(field, "required");
                }
                None
            }
        }
    }

    /// A text that must be given, trimmed: `required` when empty, `too_long` beyond `max`
    /// characters, `control_characters` for any control character (a NUL, which PostgreSQL
    /// cannot store, among them). Answers the trimmed text.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        self.checked_text(field, value, max, |c| c.is_control())
    }

    /// As [`FieldErrors::text`] for prose of several lines: line breaks and tabs are kept.
    pub fn prose(&mut self, field: &str, value: &str, max: usize) -> String {
        self.checked_text(field, value, max, |c| {
            c.is_control() && !matches!(c, '\n' | '\r' | '\t')
        })
    }

    fn checked_text(
        &mut self,
        field: &str,
        value: &str,
        max: usize,
        refused: impl Fn(char) -> bool,
    ) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.add(field, "required");
        } else if value.chars().count() > max {
            self.add(field, "too_long");
        } else if value.chars().any(refused) {
            self.add(field, "control_characters");
        }
        value.to_owned()
    }

    /// Reports `code` on `field` when both ends are known and `end` comes before `start`.
    pub fn not_before<T: PartialOrd>(
        &mut self,
        field: &str,
        code: &'static str,
        start: Option<T>,
        end: Option<T>,
    ) {
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                self.add(field, code);
            }
        }
    }

    /// Asserts the code each listed field was rejected with (`None`: not rejected), for tests.
    #[cfg(test)]
    pub(crate) fn assert_codes(&self, expected: &[(&str, Option<&str>)]) {
        for (field, code) in expected {
            assert_eq!(self.code_for(field), *code, "{field}");
        }
    }

    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}
