//! The pure procedure engine: which transitions a case is offered, whether one may fire
//! now (and if not, every reason why, with its article), and replaying a history.

use super::{
    CaseFlag, Condition, ConfigSwitch, DataKind, ProcedureConfig, ProcedureDef, Side, StateDef, TransitionDef,
};
use crate::documents::DocumentKind;
use crate::eligibility::{RuleCode, RuleResult};
use crate::role::Role;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the engine needs to know of a case.
pub struct CaseFacts<'a> {
    pub def: &'static ProcedureDef,
    pub state: &'a str,
    pub region_is_province: bool,
    pub flags: &'a [CaseFlag],
    /// Timers of the current state that have run out.
    pub expired_timers: &'a [&'a str],
    /// Kinds of the documents on file, including those sent with the attempted transition.
    pub documents: &'a [DocumentKind],
    /// Requirement results, evaluated with the attempted transition's documents and data.
    pub rules: &'a BTreeMap<RuleCode, RuleResult>,
    pub config: &'a ProcedureConfig,
    /// Which Indonesian party the actor belongs to (for regional roles).
    pub side: Side,
}

/// Why a transition may not fire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Refusal {
    /// `unknown_transition`, `wrong_state`, `role_not_allowed`, `condition_not_met`,
    /// `missing_document`, `requirement_not_met`, `missing_data`, `invalid_data`.
    pub code: String,
    pub message_id: String,
    pub message_en: String,
    pub article: String,
}

fn refusal(code: &str, id: impl Into<String>, en: impl Into<String>, article: &str) -> Refusal {
    Refusal {
        code: code.to_owned(),
        message_id: id.into(),
        message_en: en.into(),
        article: article.to_owned(),
    }
}

fn condition_holds(c: &Condition, f: &CaseFacts<'_>) -> bool {
    match c {
        Condition::RegionIsProvince => f.region_is_province,
        Condition::RegionIsKabKota => !f.region_is_province,
        Condition::TimerExpired(code) => f.expired_timers.contains(code),
        Condition::Config(switch, value) => f.config.switch(*switch) == *value,
        Condition::Flag(flag, value) => f.flags.contains(flag) == *value,
    }
}

fn explain_condition(c: &Condition, t: &TransitionDef) -> Refusal {
    match c {
        Condition::RegionIsProvince => refusal(
            "condition_not_met",
            "Langkah ini untuk provinsi; kabupaten/kota mengajukan melalui Gubernur.",
            "This step is for provinces; a regency or city submits through the Governor.",
            t.article,
        ),
        Condition::RegionIsKabKota => refusal(
            "condition_not_met",
            "Langkah ini untuk kabupaten/kota; provinsi mengajukan langsung kepada Menteri.",
            "This step is for regencies and cities; a province submits directly to the Minister.",
            t.article,
        ),
        Condition::TimerExpired(code) => refusal(
            "condition_not_met",
            format!("Tenggat \"{code}\" belum lewat."),
            format!("The time limit \"{code}\" has not run out yet."),
            t.article,
        ),
        Condition::Config(ConfigSwitch::DprdSilenceIsApproval, _) => refusal(
            "condition_not_met",
            "Menurut konfigurasi, diamnya DPRD tidak dianggap persetujuan; catat keputusan DPRD.",
            "By configuration the DPRD's silence does not count as approval; record the DPRD's decision.",
            t.article,
        ),
        Condition::Config(switch, value) => refusal(
            "condition_not_met",
            format!("Langkah ini tidak berlaku dengan konfigurasi {switch:?} = {}.", !value),
            format!(
                "This step does not apply with the configuration {switch:?} = {}.",
                !value
            ),
            t.article,
        ),
        Condition::Flag(CaseFlag::NeedsDprd, true) => refusal(
            "condition_not_met",
            "Persetujuan DPRD tidak diperlukan: pendanaan yang dicatat sudah dianggarkan dalam APBD tahun berjalan dan tidak membebani masyarakat.",
            "No DPRD approval is needed: the funding recorded is budgeted in the current year's APBD and burdens no one.",
            super::funding::DPRD_FUNDING_ARTICLE,
        ),
        Condition::Flag(CaseFlag::NeedsDprd, false) => refusal(
            "condition_not_met",
            "Persetujuan DPRD diperlukan menurut pendanaan yang dicatat (membebani masyarakat, atau belum dianggarkan dalam APBD tahun berjalan).",
            "DPRD approval is needed by the funding recorded (it burdens the community, or is not budgeted in the current year's APBD).",
            super::funding::DPRD_FUNDING_ARTICLE,
        ),
        Condition::Flag(flag, value) => refusal(
            "condition_not_met",
            format!("Langkah ini hanya bila {flag:?} = {value}."),
            format!("This step applies only when {flag:?} = {value}."),
            t.article,
        ),
    }
}

/// The article that keeps a step out of the current stage: that of the stages it may be
/// taken from (signing waits for the Minister's approval: its stage rests on Pasal 24).
fn stage_articles(def: &ProcedureDef, t: &TransitionDef) -> String {
    let mut articles: Vec<&str> = Vec::new();
    for code in t.from {
        if let Some(s) = def.state(code)
            && s.article != "—"
            && !articles.contains(&s.article)
        {
            articles.push(s.article);
        }
    }
    if articles.is_empty() {
        t.article.to_owned()
    } else {
        articles.join("; ")
    }
}

/// The transitions leaving the current state whose conditions hold.
pub fn offered<'a>(f: &'a CaseFacts<'a>) -> impl Iterator<Item = &'static TransitionDef> + 'a {
    f.def
        .from(f.state)
        .filter(move |t| t.conditions.iter().all(|c| condition_holds(c, f)))
}

/// Documents and requirements still missing before `t` can fire (role and data aside).
pub fn missing(t: &TransitionDef, f: &CaseFacts<'_>) -> Vec<Refusal> {
    let mut out = Vec::new();
    let mut needed: Vec<DocumentKind> = t.documents.to_vec();
    for (doc, cond) in t.conditional_documents {
        if condition_holds(cond, f) {
            needed.push(*doc);
        }
    }
    for doc in needed {
        if !f.documents.contains(&doc) {
            let (id, en, article) = doc.describe();
            out.push(refusal(
                "missing_document",
                format!("Dokumen belum ada: {id}."),
                format!("Missing document: {en}."),
                article,
            ));
        }
    }
    for code in t.requires {
        match f.rules.get(code) {
            Some(r) if r.outcome.allows() => {}
            Some(r) => out.push(refusal(
                "requirement_not_met",
                format!("{} ({}): {}", r.title_id, code, r.explanation_id),
                format!("{} ({}): {}", r.title_en, code, r.explanation_en),
                r.article,
            )),
            None => out.push(refusal(
                "requirement_not_met",
                format!("Persyaratan {code} belum dinilai."),
                format!("Requirement {code} has not been evaluated."),
                t.article,
            )),
        }
    }
    out
}

/// Checks the values a transition records.
pub fn check_data(t: &TransitionDef, data: &BTreeMap<String, String>) -> Vec<Refusal> {
    let mut out = Vec::new();
    for key in data.keys() {
        if !t.data.iter().any(|d| d.key == key) {
            let allowed: Vec<&str> = t.data.iter().map(|d| d.key).collect();
            out.push(refusal(
                "invalid_data",
                format!(
                    "Isian \"{key}\" tidak dikenal untuk langkah ini (yang diterima: {}).",
                    allowed.join(", ")
                ),
                format!(
                    "Unknown value \"{key}\" for this step (accepted: {}).",
                    allowed.join(", ")
                ),
                t.article,
            ));
        }
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    for field in t.data {
        let Some(value) = data.get(field.key).map(|v| v.trim()).filter(|v| !v.is_empty()) else {
            if field.required {
                out.push(refusal(
                    "missing_data",
                    format!("Isian wajib: {} ({}).", field.label_id, field.key),
                    format!("Required value: {} ({}).", field.label_en, field.key),
                    t.article,
                ));
            }
            continue;
        };
        let ok = match field.kind {
            DataKind::Date => time::Date::parse(value, date_format).is_ok(),
            DataKind::Year => value.parse::<i32>().is_ok_and(|y| (1950..=2200).contains(&y)),
            DataKind::Text => true,
            DataKind::Choice(options) => options.contains(&value),
        };
        if !ok {
            let expected = match field.kind {
                DataKind::Date => "YYYY-MM-DD".to_owned(),
                DataKind::Year => "YYYY".to_owned(),
                DataKind::Text => String::new(),
                DataKind::Choice(options) => options.join(", "),
            };
            out.push(refusal(
                "invalid_data",
                format!(
                    "{} ({}): \"{value}\" tidak sah; seharusnya {expected}.",
                    field.label_id, field.key
                ),
                format!(
                    "{} ({}): \"{value}\" is not valid; expected {expected}.",
                    field.label_en, field.key
                ),
                t.article,
            ));
        }
    }
    out
}

/// Whether `role` may fire `transition` now. On success, the state the case moves to.
pub fn check(
    f: &CaseFacts<'_>,
    transition: &str,
    role: Role,
    data: &BTreeMap<String, String>,
) -> Result<(&'static TransitionDef, &'static StateDef), Vec<Refusal>> {
    let Some(t) = f.def.transition(transition) else {
        let known: Vec<&str> = f.def.from(f.state).map(|t| t.code).collect();
        return Err(vec![refusal(
            "unknown_transition",
            format!(
                "Langkah \"{transition}\" tidak ada dalam prosedur {}; dari tahap ini: {}.",
                f.def.code,
                known.join(", ")
            ),
            format!(
                "There is no step \"{transition}\" in procedure {}; from this stage: {}.",
                f.def.code,
                known.join(", ")
            ),
            "—",
        )]);
    };
    if !t.from.contains(&f.state) {
        let state = f.def.state(f.state);
        let (from_id, from_en): (Vec<&str>, Vec<&str>) = t
            .from
            .iter()
            .filter_map(|c| f.def.state(c))
            .map(|s| (s.label_id, s.label_en))
            .unzip();
        return Err(vec![refusal(
            "wrong_state",
            format!(
                "Langkah \"{}\" tidak dapat dilakukan pada tahap \"{}\"; hanya pada tahap: {}.",
                t.label_id,
                state.map(|s| s.label_id).unwrap_or(f.state),
                from_id.join("; ")
            ),
            format!(
                "\"{}\" cannot be done at the stage \"{}\"; only at: {}.",
                t.label_en,
                state.map(|s| s.label_en).unwrap_or(f.state),
                from_en.join("; ")
            ),
            &stage_articles(f.def, t),
        )]);
    }
    let mut refusals = Vec::new();
    let regional = matches!(role, Role::RegionalOfficer | Role::RegionalApprover);
    if regional && t.roles.contains(&role) && t.side != f.side {
        refusals.push(match t.side {
            Side::PartnerRegion => refusal(
                "role_not_allowed",
                "Langkah ini dilakukan oleh daerah mitra.",
                "This step is taken by the partner region.",
                t.article,
            ),
            Side::Region => refusal(
                "role_not_allowed",
                "Langkah ini dilakukan oleh daerah yang membuka kasus; daerah mitra hanya menjawab langkahnya sendiri.",
                "This step is taken by the region that opened the case; the partner region answers only its own steps.",
                t.article,
            ),
        });
    }
    if !t.roles.contains(&role) {
        let roles_id: Vec<&str> = t.roles.iter().map(|r| r.label_id()).collect();
        let roles_en: Vec<&str> = t.roles.iter().map(|r| r.label_en()).collect();
        refusals.push(refusal(
            "role_not_allowed",
            format!("Langkah ini dilakukan oleh: {}.", roles_id.join(", ")),
            format!("This step is done by: {}.", roles_en.join(", ")),
            t.article,
        ));
    }
    for c in t.conditions {
        if !condition_holds(c, f) {
            refusals.push(explain_condition(c, t));
        }
    }
    refusals.extend(missing(t, f));
    refusals.extend(check_data(t, data));
    let Some(next) = f.def.state(t.to) else {
        refusals.push(refusal(
            "unknown_transition",
            "Tahap tujuan tidak terdefinisi.",
            "The target stage is undefined.",
            t.article,
        ));
        return Err(refusals);
    };
    if refusals.is_empty() {
        Ok((t, next))
    } else {
        Err(refusals)
    }
}

/// One recorded step of a case's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub transition: String,
    pub from: String,
    pub to: String,
}

/// Replays a history from the initial state; returns the final state or the first step that
/// does not fit the definition.
pub fn replay(def: &ProcedureDef, steps: &[Step]) -> Result<&'static str, String>
where
{
    let mut state: &'static str = def.initial;
    for (i, s) in steps.iter().enumerate() {
        let t = def
            .transition(&s.transition)
            .ok_or_else(|| format!("step {}: unknown transition {}", i + 1, s.transition))?;
        if s.from != state || !t.from.contains(&state) {
            return Err(format!(
                "step {}: {} cannot leave {} (recorded from {})",
                i + 1,
                s.transition,
                state,
                s.from
            ));
        }
        if s.to != t.to {
            return Err(format!(
                "step {}: {} leads to {}, recorded {}",
                i + 1,
                s.transition,
                t.to,
                s.to
            ));
        }
        state = def
            .state(t.to)
            .map(|st| st.code)
            .ok_or_else(|| format!("step {}: unknown state {}", i + 1, t.to))?;
    }
    Ok(state)
}

/// The definition as a Markdown table (for docs/procedure.md and snapshots).
pub fn render_markdown(def: &ProcedureDef) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "## {} (`{}` v{})\n", def.title_id, def.code, def.version);
    let _ = writeln!(
        out,
        "*{}*. Legal basis: `{}`. Starts at `{}`.\n",
        def.title_en, def.legal_basis, def.initial
    );
    write_states(&mut out, def);
    write_transitions(&mut out, def);
    out
}

/// The states table: code, labels, holder, registry status, timers and article.
fn write_states(out: &mut String, def: &ProcedureDef) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "### States\n\n| state | stage | holds the ball | registry status | timers | article |\n|---|---|---|---|---|---|"
    );
    for s in def.states {
        let timers: Vec<String> = s
            .timers
            .iter()
            .map(|t| format!("{} {} {:?} → {:?} ({})", t.code, t.amount, t.unit, t.effect, t.article))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} / {} | {} | {} | {} | {} |",
            s.code,
            s.label_id,
            s.label_en,
            s.holder.label_en(),
            s.registry_status.map(|r| r.as_str()).unwrap_or("—"),
            if timers.is_empty() {
                "—".to_owned()
            } else {
                timers.join("; ")
            },
            s.article
        );
    }
}

/// The roles of a step, and the partner region when it takes it.
fn roles_cell(t: &TransitionDef) -> String {
    let roles = t.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ");
    match t.side {
        Side::Region => roles,
        Side::PartnerRegion => format!("{roles} (of the partner region)"),
    }
}

/// The transitions table: what each step needs (roles, documents, requirements,
/// conditions, values) and its article.
fn write_transitions(out: &mut String, def: &ProcedureDef) {
    use std::fmt::Write;
    let _ = writeln!(
        out,
        "\n### Transitions\n\n| step | from | to | roles | documents | requirements | conditions | values | article |\n|---|---|---|---|---|---|---|---|---|"
    );
    for t in def.transitions {
        let mut docs: Vec<String> = t.documents.iter().map(|d| d.as_str().to_owned()).collect();
        docs.extend(
            t.conditional_documents
                .iter()
                .map(|(d, c)| format!("{} (if {c:?})", d.as_str())),
        );
        let _ = writeln!(
            out,
            "| `{}` {} | {} | `{}` | {} | {} | {} | {} | {} | {} |",
            t.code,
            t.label_en,
            t.from.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(" "),
            t.to,
            roles_cell(t),
            if docs.is_empty() {
                "—".to_owned()
            } else {
                docs.join(", ")
            },
            if t.requires.is_empty() {
                "—".to_owned()
            } else {
                t.requires.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
            },
            if t.conditions.is_empty() {
                "—".to_owned()
            } else {
                t.conditions
                    .iter()
                    .map(|c| format!("{c:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            if t.data.is_empty() {
                "—".to_owned()
            } else {
                t.data.iter().map(|d| d.key).collect::<Vec<_>>().join(", ")
            },
            t.article
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::definitions::PROCEDURES;
    use crate::procedure::{TimerEffect, TimerStart};
    use proptest::prelude::*;

    #[test]
    fn every_definition_is_consistent() {
        for def in PROCEDURES {
            assert!(def.state(def.initial).is_some(), "{}: initial state", def.code);
            let mut codes = std::collections::BTreeSet::new();
            for s in def.states {
                assert!(codes.insert(s.code), "{}: duplicate state {}", def.code, s.code);
                for timer in s.timers {
                    match timer.effect {
                        TimerEffect::Fire(t) => {
                            let tr = def
                                .transition(t)
                                .unwrap_or_else(|| panic!("{}: timer {} fires unknown {t}", def.code, timer.code));
                            assert!(tr.from.contains(&s.code), "{}: {t} cannot leave {}", def.code, s.code);
                            assert!(
                                tr.roles.contains(&Role::System),
                                "{}: {t} must be fired by the system",
                                def.code
                            );
                        }
                        TimerEffect::Unlock => assert!(
                            def.transitions.iter().any(|t| t.from.contains(&s.code)
                                && t.conditions.contains(&Condition::TimerExpired(timer.code))),
                            "{}: timer {} unlocks nothing",
                            def.code,
                            timer.code
                        ),
                        TimerEffect::Alert => {}
                    }
                    if let TimerStart::Date(key) = timer.start {
                        assert!(
                            def.transitions
                                .iter()
                                .any(|t| t.to == s.code && t.data.iter().any(|d| d.key == key))
                                || def.transitions.iter().any(|t| t.data.iter().any(|d| d.key == key)),
                            "{}: timer {} starts at {key}, which no step records",
                            def.code,
                            timer.code
                        );
                    }
                }
            }
            let mut tcodes = std::collections::BTreeSet::new();
            for t in def.transitions {
                assert!(tcodes.insert(t.code), "{}: duplicate transition {}", def.code, t.code);
                assert!(
                    def.state(t.to).is_some(),
                    "{}: {} leads to unknown {}",
                    def.code,
                    t.code,
                    t.to
                );
                for f in t.from {
                    let from = def
                        .state(f)
                        .unwrap_or_else(|| panic!("{}: {} leaves unknown {f}", def.code, t.code));
                    assert!(!from.is_terminal(), "{}: {} leaves terminal {f}", def.code, t.code);
                }
                assert!(!t.roles.is_empty(), "{}: {} has no role", def.code, t.code);
                for c in t.conditions {
                    if let Condition::TimerExpired(code) = c {
                        for f in t.from {
                            assert!(
                                def.state(f).is_some_and(|s| s.timers.iter().any(|x| x.code == *code)),
                                "{}: {} waits for {code} not in {f}",
                                def.code,
                                t.code
                            );
                        }
                    }
                }
            }
            // Every non-terminal state has a way out, and every state is reachable.
            for s in def.states {
                if !s.is_terminal() {
                    assert!(
                        def.from(s.code).next().is_some(),
                        "{}: {} is a dead end",
                        def.code,
                        s.code
                    );
                }
                assert!(
                    s.code == def.initial || def.transitions.iter().any(|t| t.to == s.code),
                    "{}: {} is unreachable",
                    def.code,
                    s.code
                );
            }
        }
    }

    proptest! {
        /// Random walks never reach an undefined state, and their history replays to the
        /// state the walk ended in.
        #[test]
        fn random_walks_replay_to_their_state(choices in proptest::collection::vec(0usize..100, 1..60), which in 0usize..4) {
            let def = PROCEDURES[which % PROCEDURES.len()];
            let mut state = def.initial;
            let mut steps = Vec::new();
            for c in choices {
                let out: Vec<&TransitionDef> = def.from(state).collect();
                if out.is_empty() {
                    prop_assert!(def.state(state).is_some_and(StateDef::is_terminal));
                    break;
                }
                let t = out[c % out.len()];
                let next = def.state(t.to);
                prop_assert!(next.is_some(), "undefined state {}", t.to);
                steps.push(Step { transition: t.code.to_owned(), from: state.to_owned(), to: t.to.to_owned() });
                state = t.to;
            }
            prop_assert_eq!(replay(def, &steps), Ok(state));
        }
    }

    #[test]
    fn a_tampered_history_does_not_replay() {
        let def = PROCEDURES[0];
        let steps = vec![Step {
            transition: "tandatangani".into(),
            from: "prakarsa".into(),
            to: "ditandatangani".into(),
        }];
        assert!(replay(def, &steps).is_err());
    }

    #[test]
    fn the_definition_tables_are_snapshotted() {
        for def in PROCEDURES {
            insta::assert_snapshot!(def.code, render_markdown(def));
        }
    }
}
