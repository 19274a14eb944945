//! Case workflows declared as data: states, the transitions between them, who may take each,
//! whether a comment is required, and deadlines in working days. The web layer shows the
//! actions a user may take; the store records every transition in the audit chain.
//!
//! A transition may also be irreversible (pages ask for confirmation), ask for extra fields,
//! require a different actor from earlier steps (maker-checker), be allowed while its state's
//! window (an objection period, say) is still open, or need the case's review panel to have
//! reached quorum. [`Workflow::check_step`] checks all of these; [`Workflow::take`] keeps the
//! three original checks for the callers written before them.

use super::panel::PanelRule;
use crate::calendar::WorkingCalendar;
use chrono::{Days, NaiveDate};
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
    /// A period after entering the state during which only `during_window` steps may be taken.
    #[serde(default)]
    pub window: Option<Window>,
}

/// A window opens the day the case enters the state and lasts `days` days after it (that day
/// not counted, as for deadlines): calendar days, or working days on the official calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub days: u32,
    #[serde(default)]
    pub count: DayCount,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayCount {
    #[default]
    Calendar,
    Working,
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
    /// The step cannot be undone; pages ask for confirmation first.
    #[serde(default)]
    pub irreversible: bool,
    /// Extra inputs the step's form shows (`category`, `paid_until`, `effective`, …).
    #[serde(default)]
    pub fields: Vec<String>,
    /// Maker-checker: the actor must differ from every actor who took any of these earlier
    /// actions on the case.
    #[serde(default)]
    pub distinct_from: Vec<String>,
    /// The step may be taken while the state's window is open; every other step out of a
    /// window state waits until the window has ended.
    #[serde(default)]
    pub during_window: bool,
    /// The case's review panel must have reached quorum (a decision step).
    #[serde(default)]
    pub needs_quorum: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Workflow {
    pub name: String,
    pub initial: String,
    pub states: Vec<StateDef>,
    pub transitions: Vec<Transition>,
    /// Maker-checker on every step: the actor must differ from whoever took the case's
    /// previous step.
    #[serde(default)]
    pub distinct_from_previous: bool,
    /// The review panel of the workflow's cases, if they are reviewed.
    #[serde(default)]
    pub panel: Option<PanelRule>,
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("no action {action:?} from state {state:?}")]
    NotAllowed { state: String, action: String },
    #[error("this role may not {action}")]
    RoleNotPermitted { action: String },
    #[error("{action} needs a comment giving the reason")]
    CommentRequired { action: String },
    #[error("{action} must be done by someone other than whoever did {earlier_action}")]
    SameActor {
        action: String,
        earlier_action: String,
    },
    #[error("this step waits until the window ends on {until}")]
    WindowOpen { until: NaiveDate },
    #[error("the review panel has not reached its quorum")]
    QuorumNotMet,
}

/// The three refusals of [`Workflow::take`]. The crates written before the case kernel see
/// this type as `hrx_domain::workflow::WorkflowError` (see `lib.rs`), so that their matches
/// stay exhaustive; new code calls [`Workflow::check_step`] and matches [`WorkflowError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TakeError {
    #[error("no action {action:?} from state {state:?}")]
    NotAllowed { state: String, action: String },
    #[error("this role may not {action}")]
    RoleNotPermitted { action: String },
    #[error("{action} needs a comment giving the reason")]
    CommentRequired { action: String },
}

impl From<TakeError> for WorkflowError {
    fn from(e: TakeError) -> Self {
        match e {
            TakeError::NotAllowed { state, action } => WorkflowError::NotAllowed { state, action },
            TakeError::RoleNotPermitted { action } => WorkflowError::RoleNotPermitted { action },
            TakeError::CommentRequired { action } => WorkflowError::CommentRequired { action },
        }
    }
}

/// An earlier step of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastStep<'a> {
    pub action: &'a str,
    pub actor: &'a str,
}

/// Everything [`Workflow::check_step`] needs to know about a step and its case.
#[derive(Debug, Clone, Copy)]
pub struct StepCheck<'a> {
    pub state: &'a str,
    pub kind: &'a str,
    pub action: &'a str,
    pub role: &'a str,
    pub actor: &'a str,
    pub comment: Option<&'a str>,
    /// Earlier steps of this case, oldest first.
    pub history: &'a [PastStep<'a>],
    /// The day the case entered `state`.
    pub entered_on: NaiveDate,
    pub today: NaiveDate,
    pub calendar: &'a WorkingCalendar,
    pub quorum_met: bool,
}

impl Workflow {
    pub fn parse(toml_text: &str) -> Result<Workflow, String> {
        let workflow: Workflow = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        workflow.check()?;
        Ok(workflow)
    }

    /// Every transition names states that exist, no action leaves a terminal state, a
    /// maker-checker names actions the workflow has, a quorum has a panel to be reached by, a
    /// window lasts at least a day, and a `during_window` step leaves a state with a window.
    fn check(&self) -> Result<(), String> {
        let known = |s: &str| self.states.iter().any(|st| st.code == s);
        if !known(&self.initial) {
            return Err(format!("initial state {} is not declared", self.initial));
        }
        if let Some(panel) = &self.panel {
            panel.check()?;
        }
        for s in &self.states {
            if s.window.is_some_and(|w| w.days == 0) {
                return Err(format!("{}: a window lasts at least one day", s.code));
            }
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
            for earlier in &t.distinct_from {
                if !self.transitions.iter().any(|o| &o.action == earlier) {
                    return Err(format!(
                        "{}: distinct_from names {earlier}, which no transition declares",
                        t.action
                    ));
                }
            }
            if t.needs_quorum && self.panel.is_none() {
                return Err(format!(
                    "{}: needs_quorum, but the workflow has no [panel]",
                    t.action
                ));
            }
            if t.during_window && self.state(&t.from).is_some_and(|s| s.window.is_none()) {
                return Err(format!(
                    "{}: during_window, but state {} has no window",
                    t.action, t.from
                ));
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

    /// Checks one transition (state, kind, role and comment) and answers where it leads.
    pub fn take(
        &self,
        state: &str,
        kind: &str,
        action: &str,
        role: &str,
        comment: Option<&str>,
    ) -> Result<&Transition, TakeError> {
        let transition = self
            .transitions
            .iter()
            .find(|t| t.from == state && t.action == action && Self::applies(t, kind))
            .ok_or_else(|| TakeError::NotAllowed {
                state: state.to_owned(),
                action: action.to_owned(),
            })?;
        if !transition.roles.iter().any(|r| r == role) {
            return Err(TakeError::RoleNotPermitted {
                action: action.to_owned(),
            });
        }
        if transition.comment_required && comment.map(str::trim).unwrap_or("").is_empty() {
            return Err(TakeError::CommentRequired {
                action: action.to_owned(),
            });
        }
        Ok(transition)
    }

    /// Checks one step with every rule, in this order: the transition exists from the state
    /// for the kind, the role may take it, a comment is given where required, the actor
    /// differs from the actors of the `distinct_from` actions, the state's window has ended
    /// (unless the step is `during_window`), and the panel has reached quorum where needed.
    pub fn check_step(&self, s: &StepCheck<'_>) -> Result<&Transition, WorkflowError> {
        let t = self.take(s.state, s.kind, s.action, s.role, s.comment)?;
        if self.distinct_from_previous {
            if let Some(last) = s.history.last().filter(|p| p.actor == s.actor) {
                return Err(WorkflowError::SameActor {
                    action: t.action.clone(),
                    earlier_action: last.action.to_owned(),
                });
            }
        }
        for earlier in &t.distinct_from {
            if s.history
                .iter()
                .any(|p| p.action == earlier && p.actor == s.actor)
            {
                return Err(WorkflowError::SameActor {
                    action: t.action.clone(),
                    earlier_action: earlier.clone(),
                });
            }
        }
        if !t.during_window {
            if let Some(until) = self.window_end(s.state, s.entered_on, s.calendar) {
                if s.today <= until {
                    return Err(WorkflowError::WindowOpen { until });
                }
            }
        }
        if t.needs_quorum && !s.quorum_met {
            return Err(WorkflowError::QuorumNotMet);
        }
        Ok(t)
    }

    /// The last day of the state's window for a case that entered it on `entered_on`, if the
    /// state has a window: `days` calendar days or working days after that day. Steps that are
    /// not `during_window` may be taken from the day after.
    pub fn window_end(
        &self,
        state: &str,
        entered_on: NaiveDate,
        calendar: &WorkingCalendar,
    ) -> Option<NaiveDate> {
        let w = self.state(state)?.window?;
        Some(match w.count {
            DayCount::Calendar => entered_on
                .checked_add_days(Days::new(u64::from(w.days)))
                .unwrap_or(NaiveDate::MAX),
            DayCount::Working => calendar.add_working_days(entered_on, w.days),
        })
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

    const SMALL: &str = include_str!("testdata/small-workflow.toml");

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
            Err(TakeError::RoleNotPermitted { .. })
        ));
        assert!(matches!(
            w.take("a", "new", "stop", "officer", Some("x")),
            Err(TakeError::NotAllowed { .. })
        ));
        assert!(matches!(
            w.take("b", "new", "stop", "officer", Some("  ")),
            Err(TakeError::CommentRequired { .. })
        ));
        assert!(w
            .take("b", "new", "stop", "officer", Some("reason"))
            .is_ok());
        assert!(matches!(
            w.take("b", "extension", "stop", "officer", Some("reason")),
            Err(TakeError::NotAllowed { .. })
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

    /// A case that is prepared, verified by someone else, published for an objection window of
    /// ten calendar days, noticed for five working days, then decided once the panel has
    /// reached quorum.
    const KERNEL: &str = include_str!("testdata/kernel-workflow.toml");

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn kernel() -> Workflow {
        Workflow::parse(KERNEL).unwrap_or_else(|e| panic!("{e}"))
    }

    fn past(action: &'static str, actor: &'static str) -> PastStep<'static> {
        PastStep { action, actor }
    }

    /// A step of the kernel workflow with everything allowed; tests change one thing.
    fn step<'a>(state: &'a str, action: &'a str, actor: &'a str) -> StepCheck<'a> {
        StepCheck {
            state,
            kind: "any",
            action,
            role: "officer",
            actor,
            comment: None,
            history: &[],
            entered_on: d(2026, 3, 2),
            today: d(2026, 6, 1),
            calendar: WorkingCalendar::official(),
            quorum_met: true,
        }
    }

    #[test]
    fn the_new_keys_are_read_and_default_to_off() {
        let w = kernel();
        let decide = &w.transitions[5];
        assert!(decide.irreversible && decide.needs_quorum && !decide.during_window);
        assert_eq!(decide.fields, ["category", "effective"]);
        assert_eq!(w.transitions[1].distinct_from, ["prepare"]);
        assert!(w.transitions[2].during_window);
        let prepare = &w.transitions[0];
        assert!(
            !prepare.irreversible
                && prepare.fields.is_empty()
                && prepare.distinct_from.is_empty()
                && !prepare.during_window
                && !prepare.needs_quorum
        );
        assert_eq!(
            w.state("published").and_then(|s| s.window),
            Some(Window {
                days: 10,
                count: DayCount::Calendar
            })
        );
        assert_eq!(
            w.state("noticed").and_then(|s| s.window).map(|w| w.count),
            Some(DayCount::Working)
        );
        assert_eq!(w.panel.as_ref().map(|p| p.quorum), Some(2));
        let small = Workflow::parse(SMALL).unwrap_or_else(|e| panic!("{e}"));
        assert!(small.panel.is_none() && small.states.iter().all(|s| s.window.is_none()));
    }

    #[test]
    fn maker_checker_refuses_the_same_actor_and_accepts_another() {
        let w = kernel();
        let history = [past("prepare", "alice")];
        let same = StepCheck {
            history: &history,
            ..step("prepared", "verify", "alice")
        };
        assert_eq!(
            w.check_step(&same).map(|t| t.to.as_str()),
            Err(WorkflowError::SameActor {
                action: "verify".into(),
                earlier_action: "prepare".into()
            })
        );
        let other = StepCheck {
            actor: "bob",
            ..same
        };
        assert_eq!(w.check_step(&other).map(|t| t.to.as_str()), Ok("published"));
        // Every named action counts: bob verified, so he may not close after an objection.
        let history = [
            past("prepare", "alice"),
            past("verify", "bob"),
            past("object", "carol"),
        ];
        let close = |actor| StepCheck {
            history: &history,
            ..step("objected", "close", actor)
        };
        assert!(matches!(
            w.check_step(&close("bob")),
            Err(WorkflowError::SameActor { earlier_action, .. }) if earlier_action == "verify"
        ));
        assert!(matches!(
            w.check_step(&close("alice")),
            Err(WorkflowError::SameActor { earlier_action, .. }) if earlier_action == "prepare"
        ));
        assert!(w.check_step(&close("carol")).is_ok());
    }

    #[test]
    fn a_calendar_day_window_holds_other_steps_until_its_last_day_has_passed() {
        let w = kernel();
        let cal = WorkingCalendar::official();
        // Entered on Monday 2 March 2026: ten calendar days end on Thursday 12 March.
        assert_eq!(
            w.window_end("published", d(2026, 3, 2), cal),
            Some(d(2026, 3, 12))
        );
        assert_eq!(w.window_end("prepared", d(2026, 3, 2), cal), None);
        let close = |today| StepCheck {
            today,
            ..step("published", "close", "alice")
        };
        assert_eq!(
            w.check_step(&close(d(2026, 3, 12))).map(|t| t.to.as_str()),
            Err(WorkflowError::WindowOpen {
                until: d(2026, 3, 12)
            })
        );
        assert!(w.check_step(&close(d(2026, 3, 2))).is_err());
        assert_eq!(
            w.check_step(&close(d(2026, 3, 13))).map(|t| t.to.as_str()),
            Ok("noticed")
        );
        // An objection may be made inside the window, from its first day to its last.
        for today in [d(2026, 3, 2), d(2026, 3, 12)] {
            let object = StepCheck {
                role: "public",
                comment: Some("the notice is wrong"),
                today,
                ..step("published", "object", "dan")
            };
            assert_eq!(w.check_step(&object).map(|t| t.to.as_str()), Ok("objected"));
        }
    }

    #[test]
    fn a_working_day_window_skips_national_day() {
        let w = kernel();
        let cal = WorkingCalendar::official();
        // Entered on Wednesday 30 September 2026: 1–7 October are holidays and Saturday
        // 10 October is a working day, so five working days run 8, 9, 10, 12 and 13 October.
        assert!(!cal.is_working_day(d(2026, 10, 1)) && cal.is_working_day(d(2026, 10, 10)));
        let end = w.window_end("noticed", d(2026, 9, 30), cal);
        assert_eq!(end, Some(d(2026, 10, 13)));
        assert_ne!(
            end,
            Some(d(2026, 10, 5)),
            "five calendar days would end on 5 October"
        );
        let decide = |today| StepCheck {
            entered_on: d(2026, 9, 30),
            today,
            ..step("noticed", "decide", "alice")
        };
        assert_eq!(
            w.check_step(&decide(d(2026, 10, 13)))
                .map(|t| t.to.as_str()),
            Err(WorkflowError::WindowOpen {
                until: d(2026, 10, 13)
            })
        );
        assert_eq!(
            w.check_step(&decide(d(2026, 10, 14)))
                .map(|t| t.to.as_str()),
            Ok("decided")
        );
        let refusal = w.check_step(&decide(d(2026, 10, 8))).map(|t| t.to.clone());
        assert_eq!(
            refusal.map_err(|e| e.to_string()),
            Err("this step waits until the window ends on 2026-10-13".to_owned())
        );
    }

    #[test]
    fn a_decision_waits_for_the_panel_quorum() {
        let w = kernel();
        let decide = |quorum_met| StepCheck {
            quorum_met,
            ..step("noticed", "decide", "alice")
        };
        assert_eq!(
            w.check_step(&decide(false)).map(|t| t.to.as_str()),
            Err(WorkflowError::QuorumNotMet)
        );
        assert_eq!(
            w.check_step(&decide(true)).map(|t| t.to.as_str()),
            Ok("decided")
        );
        // The panel the workflow declares tells whether its reviews reach quorum.
        let panel = w.panel.as_ref().unwrap_or_else(|| panic!("no panel"));
        let none: &[(String, f64)] = &[];
        let review = |reviewer, conflict, overall| crate::case::panel::Review {
            reviewer,
            conflict,
            scores: none,
            overall,
        };
        let reviews = [review("r1", false, Some(70.0)), review("r2", true, None)];
        assert!(!panel.quorum_met(&reviews));
        let reviews = [
            review("r1", false, Some(70.0)),
            review("r2", true, None),
            review("r3", false, Some(65.0)),
        ];
        assert!(panel.quorum_met(&reviews));
        assert!(w.check_step(&decide(panel.quorum_met(&reviews))).is_ok());
    }

    #[test]
    fn check_step_keeps_the_checks_in_order() {
        let w = kernel();
        let history = [past("prepare", "alice")];
        let public = |action| StepCheck {
            history: &history,
            role: "public",
            ..step("prepared", action, "alice")
        };
        // Unknown from this state, before anything else.
        assert!(matches!(
            w.check_step(&public("decide")),
            Err(WorkflowError::NotAllowed { .. })
        ));
        // The role before maker-checker.
        assert!(matches!(
            w.check_step(&public("verify")),
            Err(WorkflowError::RoleNotPermitted { .. })
        ));
        // The comment before the window; maker-checker before the window; window before quorum.
        let s = StepCheck {
            today: d(2026, 3, 3),
            ..step("published", "object", "alice")
        };
        assert!(matches!(
            w.check_step(&s),
            Err(WorkflowError::CommentRequired { .. })
        ));
        let history = [past("prepare", "alice"), past("verify", "bob")];
        let s = StepCheck {
            history: &history,
            ..step("objected", "close", "bob")
        };
        assert!(matches!(
            w.check_step(&s),
            Err(WorkflowError::SameActor { .. })
        ));
        let s = StepCheck {
            today: d(2026, 3, 3),
            quorum_met: false,
            ..step("noticed", "decide", "alice")
        };
        assert!(matches!(
            w.check_step(&s),
            Err(WorkflowError::WindowOpen { .. })
        ));
        // The old entry point answers the same as before for the first three checks.
        assert_eq!(
            w.take("prepared", "any", "verify", "public", None)
                .map(|t| t.to.as_str())
                .map_err(WorkflowError::from),
            Err(WorkflowError::RoleNotPermitted {
                action: "verify".into()
            })
        );
    }

    #[test]
    fn the_new_declarations_are_checked() {
        assert!(Workflow::parse(KERNEL).is_ok());
        let refused = [
            (
                "distinct_from = [\"prepare\"]",
                "distinct_from = [\"prepair\"]",
                "which no transition declares",
            ),
            ("[panel]", "[nopanel]", "has no [panel]"),
            (
                "window = { days = 10 }",
                "window = { days = 0 }",
                "at least one day",
            ),
            ("quorum = 2", "quorum = 4", "quorum 4"),
            (
                "window = { days = 10 }",
                "deadline_working_days = 10",
                "has no window",
            ),
            (
                "count = \"working\"",
                "count = \"weekly\"",
                "unknown variant",
            ),
        ];
        for (from, to, why) in refused {
            let text = KERNEL.replacen(from, to, 1);
            assert_ne!(text, KERNEL, "{from}");
            match Workflow::parse(&text) {
                Ok(_) => panic!("{to} was accepted"),
                Err(e) => assert!(e.contains(why), "{to}: {e}"),
            }
        }
    }

    /// The set of (from, action) pairs whose transition has a flag.
    fn flagged(w: &Workflow, flag: impl Fn(&Transition) -> bool) -> Vec<(&str, &str)> {
        w.transitions
            .iter()
            .filter(|t| flag(t))
            .map(|t| (t.from.as_str(), t.action.as_str()))
            .collect()
    }

    #[test]
    fn the_shipped_workflows_mark_exactly_the_irreversible_steps() {
        let coverage = crate::coverage::certificates::workflow().unwrap_or_else(|e| panic!("{e}"));
        let permits = crate::permits::workflow().unwrap_or_else(|e| panic!("{e}"));
        assert!(crate::returnees::ScoringRule::current().is_ok());
        for (w, actions) in [
            (coverage, &["refuse", "reject", "revoke", "withdraw"][..]),
            (
                permits,
                &["refuse", "withdraw", "cancel", "apply_cancellation"][..],
            ),
        ] {
            for t in &w.transitions {
                assert_eq!(
                    t.irreversible,
                    actions.contains(&t.action.as_str()),
                    "{}: {} from {}",
                    w.name,
                    t.action,
                    t.from
                );
                assert!(t.distinct_from.is_empty() && !t.during_window && !t.needs_quorum);
            }
            assert!(w.panel.is_none() && w.states.iter().all(|s| s.window.is_none()));
        }
        assert_eq!(
            flagged(coverage, |t| t.irreversible).len(),
            8,
            "2 refuse, 2 withdraw, 3 revoke, 1 reject"
        );
        assert_eq!(flagged(permits, |t| t.irreversible).len(), 5);
        assert_eq!(
            flagged(coverage, |t| t.fields == ["paid_until"]),
            [("requested", "check_contributions")]
        );
        assert_eq!(
            flagged(coverage, |t| t.fields == ["effective"]),
            [
                ("issued", "revoke"),
                ("extended", "revoke"),
                ("accepted", "revoke")
            ]
        );
        assert_eq!(flagged(coverage, |t| !t.fields.is_empty()).len(), 4);
        assert_eq!(
            flagged(permits, |t| !t.fields.is_empty()),
            [("accepted", "approve")]
        );
        assert_eq!(
            permits
                .transitions
                .iter()
                .find(|t| t.action == "approve")
                .map(|t| t.fields.clone()),
            Some(vec!["category".to_owned()])
        );
        // The deadlines read as before.
        assert_eq!(
            (
                permits.deadline_days("accepted", Some("A")),
                permits.deadline_days("accepted", Some("B")),
                permits.deadline_days("submitted", None)
            ),
            (Some(5), Some(10), Some(5))
        );
    }
}
