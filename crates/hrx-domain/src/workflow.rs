//! Case workflows declared as data: states, the transitions between them, who may take each,
//! whether a comment is required, and deadlines in working days. The web layer shows the
//! actions a user may take; the store records every transition in the audit chain.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct StateDef {
    pub code: String,
    #[serde(default)]
    pub terminal: bool,
    /// Working days allowed in this state, counted from the day the case entered it.
    #[serde(default)]
    pub deadline_working_days: Option<u32>,
    /// A shorter allowance for category A cases, where the rules give one.
    #[serde(default)]
    pub deadline_working_days_a: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Transition {
    pub from: String,
    pub action: String,
    pub to: String,
    pub roles: Vec<String>,
    #[serde(default)]
    pub comment_required: bool,
    /// The case kinds the transition applies to; empty means all.
    #[serde(default)]
    pub kinds: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Workflow {
    pub name: String,
    pub initial: String,
    pub states: Vec<StateDef>,
    pub transitions: Vec<Transition>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("no action {action:?} from state {state:?}")]
    NotAllowed { state: String, action: String },
    #[error("this role may not {action}")]
    RoleNotPermitted { action: String },
    #[error("{action} needs a comment giving the reason")]
    CommentRequired { action: String },
}

impl Workflow {
    pub fn parse(toml_text: &str) -> Result<Workflow, String> {
        let workflow: Workflow = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        workflow.check()?;
        Ok(workflow)
    }

    /// Every transition names states that exist, and no action leaves a terminal state.
    fn check(&self) -> Result<(), String> {
        let known = |s: &str| self.states.iter().any(|st| st.code == s);
        if !known(&self.initial) {
            return Err(format!("initial state {} is not declared", self.initial));
        }
        for t in &self.transitions {
            for s in [&t.from, &t.to] {
                if !known(s) {
                    return Err(format!("{} → {}: state {s} is not declared", t.from, t.to));
                }
            }
            if self.state(&t.from).is_some_and(|s| s.terminal) {
                return Err(format!("{}: a terminal state has no way out", t.from));
            }
        }
        Ok(())
    }

    pub fn state(&self, code: &str) -> Option<&StateDef> {
        self.states.iter().find(|s| s.code == code)
    }

    fn applies(t: &Transition, kind: &str) -> bool {
        t.kinds.is_empty() || t.kinds.iter().any(|k| k == kind)
    }

    /// The transitions a role may take now, in declaration order.
    pub fn available(&self, state: &str, kind: &str, role: &str) -> Vec<&Transition> {
        self.transitions
            .iter()
            .filter(|t| {
                t.from == state && Self::applies(t, kind) && t.roles.iter().any(|r| r == role)
            })
            .collect()
    }

    /// Checks one transition and answers where it leads.
    pub fn take(
        &self,
        state: &str,
        kind: &str,
        action: &str,
        role: &str,
        comment: Option<&str>,
    ) -> Result<&Transition, WorkflowError> {
        let transition = self
            .transitions
            .iter()
            .find(|t| t.from == state && t.action == action && Self::applies(t, kind))
            .ok_or_else(|| WorkflowError::NotAllowed {
                state: state.to_owned(),
                action: action.to_owned(),
            })?;
        if !transition.roles.iter().any(|r| r == role) {
            return Err(WorkflowError::RoleNotPermitted {
                action: action.to_owned(),
            });
        }
        if transition.comment_required && comment.map(str::trim).unwrap_or("").is_empty() {
            return Err(WorkflowError::CommentRequired {
                action: action.to_owned(),
            });
        }
        Ok(transition)
    }

    /// Working days allowed in a state for a case of the given category, if the state has a deadline.
    pub fn deadline_days(&self, state: &str, category: Option<&str>) -> Option<u32> {
        let s = self.state(state)?;
        match (category, s.deadline_working_days_a) {
            (Some("A"), Some(a)) => Some(a),
            _ => s.deadline_working_days,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
name = "t"
initial = "a"
[[states]]
code = "a"
[[states]]
code = "b"
deadline_working_days = 10
deadline_working_days_a = 5
[[states]]
code = "z"
terminal = true
[[transitions]]
from = "a"
action = "go"
to = "b"
roles = ["employer"]
[[transitions]]
from = "b"
action = "stop"
to = "z"
roles = ["officer"]
comment_required = true
kinds = ["new"]
"#;

    #[test]
    fn transitions_check_state_role_kind_and_comment() {
        let w = Workflow::parse(SMALL).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            w.take("a", "new", "go", "employer", None)
                .map(|t| t.to.as_str()),
            Ok("b")
        );
        assert!(matches!(
            w.take("a", "new", "go", "officer", None),
            Err(WorkflowError::RoleNotPermitted { .. })
        ));
        assert!(matches!(
            w.take("a", "new", "stop", "officer", Some("x")),
            Err(WorkflowError::NotAllowed { .. })
        ));
        assert!(matches!(
            w.take("b", "new", "stop", "officer", Some("  ")),
            Err(WorkflowError::CommentRequired { .. })
        ));
        assert!(w
            .take("b", "new", "stop", "officer", Some("reason"))
            .is_ok());
        assert!(matches!(
            w.take("b", "extension", "stop", "officer", Some("reason")),
            Err(WorkflowError::NotAllowed { .. })
        ));
        assert_eq!(w.available("b", "new", "officer").len(), 1);
        assert_eq!(w.available("b", "new", "employer").len(), 0);
        assert_eq!(
            (
                w.deadline_days("b", Some("A")),
                w.deadline_days("b", Some("B")),
                w.deadline_days("a", None)
            ),
            (Some(5), Some(10), None)
        );
    }

    #[test]
    fn a_broken_declaration_is_refused() {
        assert!(Workflow::parse(&SMALL.replace("to = \"z\"", "to = \"nowhere\"")).is_err());
        let out_of_terminal = format!("{SMALL}\n[[transitions]]\nfrom = \"z\"\naction = \"undo\"\nto = \"a\"\nroles = [\"officer\"]\n");
        assert!(Workflow::parse(&out_of_terminal).is_err());
    }
}
