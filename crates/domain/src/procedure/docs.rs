//! `docs/procedure.md`: every procedure definition as one document, rendered from
//! [`PROCEDURES`] (a test keeps the file current).

use super::ProcedureConfig;
use super::definitions::PROCEDURES;
use super::engine::render_markdown;
use std::fmt::Write;

/// What each `[procedure]` setting means; a test checks that every field of
/// [`ProcedureConfig`] is described here.
const CONFIG_FIELDS: &[(&str, &str)] = &[
    (
        "full_powers_required",
        "(U) Full powers (*Surat Kuasa*) are required for signing foreign cooperation; \
         the signing steps then ask for the `surat_kuasa` document.",
    ),
    (
        "simple_extension",
        "(U) A foreign cooperation is extended by a simple approval instead of a new case \
         through every stage.",
    ),
    (
        "continuation_requires_dprd",
        "(U) The continuation of a Central Government cooperation (KSDLL *penerusan*) needs \
         DPRD approval (PP 28/2018 Pasal 38 does not exempt it).",
    ),
    (
        "domestic_day_unit",
        "(I) Unit of the \"days\" of Permendagri 22/2020: `calendar_days` or `working_days`; \
         it replaces the unit shown in the tables for the timers listed below.",
    ),
    (
        "dormant_months",
        "Months without recorded activity before an agreement in force counts as dormant.",
    ),
    ("expiry_alert_days", "Days before expiry at which alerts are raised."),
    (
        "dprd_silence_is_approval",
        "The DPRD's silence until its time limit counts as approval, as Permendagri 25/2020 \
         Pasal 17 ayat (3)–(4) and Permendagri 22/2020 Pasal 12 ayat (4) and Pasal 34 ayat (6) say. \
         When `false`, the deemed-approval steps are not taken: the region and the province are \
         alerted that the time ran out and the DPRD's decision must be recorded. Either way an \
         alert is raised when the time runs out.",
    ),
    (
        "regency_report_due_day",
        "Day of January by which a kabupaten/kota's annual report on its foreign cooperation is due to the \
         Governor (Permendagri 25/2020 Pasal 35(2): the first week).",
    ),
    (
        "province_report_due_day",
        "Day of January by which the Governor's annual report (with the kabupaten/kota reports) is due to the \
         Minister (Pasal 35(2), 36(2): the second week).",
    ),
    (
        "semester_report_due_days",
        "(I) Days after a semester's end by which a KSDD/KSDPK semester report is due (Permendagri 22/2020 \
         Pasal 17, 39 set no day).",
    ),
    (
        "trip_report_days",
        "Days after the return from official foreign travel (PDLN) by which the trip report is due.",
    ),
];

/// The value of a default setting as it is written in the TOML configuration.
fn toml_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Array(items) => {
            format!("[{}]", items.iter().map(toml_value).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

/// The default `[procedure]` settings, field by field, in declaration order.
fn config_defaults() -> Vec<(&'static str, String)> {
    let value = serde_json::to_value(ProcedureConfig::default()).unwrap_or_default();
    CONFIG_FIELDS
        .iter()
        .map(|(key, _)| (*key, value.get(key).map(toml_value).unwrap_or_default()))
        .collect()
}

/// The anchor of a procedure's section.
fn anchor(code: &str, version: u32) -> String {
    format!("{}-v{version}", code.replace('_', "-"))
}

/// `docs/procedure.md`: an introduction, the `[procedure]` settings, a table of contents and
/// every procedure's tables.
pub fn render_all_markdown() -> String {
    let mut out = String::from(
        "# Cooperation procedures\n\n\
         Generated from the definitions in `crates/domain/src/procedure/definitions/` (a test keeps this file \
         current: `JALIN_UPDATE_DOCS=1 cargo test -p jalin-domain`).\n\n\
         A *procedure definition* is one legal path for a form of cooperation, written as data: the stages \
         (states) a cooperation case passes through, who holds the ball at each, the registry status of the \
         case's agreement there, and the timers that run; the steps (transitions) between stages, with the roles \
         that may take each, the documents that must be on file, the requirements that must pass or be waived, \
         the conditions under which the step is offered and the values it records; and the article each stage \
         and step rests on. Definitions are versioned by legal basis: a case keeps the version it started under. \
         The procedure engine (`crates/domain/src/procedure/engine.rs`) refuses a step with every reason why, \
         each with its article.\n\n\
         Reading the tables: *roles* are those of `docs/authorization.md` (`system` steps are taken by Jalin's \
         timers; \"of the partner region\" marks the steps the other Indonesian region of a KSDD case takes \
         itself, and the region that opened the case may not take them for it); *requirements* are the eligibility rules (`P1`, `R-LOI`, …) of \
         `crates/domain/src/eligibility/`; a timer reads `code amount unit → effect (article)`, where \
         `Alert` only raises an alert, `Fire(step)` makes Jalin take that step when the time runs out (e.g. a \
         deemed approval) and `Unlock` makes the steps waiting for the timer (condition `TimerExpired`) \
         available. When a DPRD time limit runs out, the region and its province are alerted (the alert \
         carries the case's region, which the province's inbox reads too); whether the silence is deemed \
         approval is the `dprd_silence_is_approval` setting. A KSDD or KSDPK case records its funding: the \
         DPRD must approve when the cooperation burdens the community and the region or its funding is not \
         yet in the current year's APBD (PP 28/2018 Pasal 6 ayat (2); the case flag `NeedsDprd` follows from \
         it). Dates that record what happened (`loi_signed_on`, `dprd_received_on`, `signed_on`, \
         `activity_on`, a document's issue date) may not lie in the future.\n\n\
         ## Configuration\n\n\
         The points the legal notes mark uncertain (U) or inferred (I) are not decided in the definitions but \
         in the `[procedure]` section of the configuration file (`jalin config default` prints it with \
         comments); steps that depend on them carry a `Config(…)` condition or document.\n\n\
         | setting | default | meaning |\n|---|---|---|\n",
    );
    let defaults = config_defaults();
    for ((key, meaning), (_, default)) in CONFIG_FIELDS.iter().zip(&defaults) {
        let _ = writeln!(out, "| `{key}` | `{default}` | {meaning} |");
    }
    out.push_str(
        "\nRule P17 (Permendagri 25/2020 Pasal 38) reads the region's reports: it passes when the region had no \
         KSDPL/KSDLL in force last year, sent last year's report through a case's `kirim_laporan_tahunan` step, \
         or filed (submitted, or had accepted) last year's annual report on each foreign agreement in force then \
         (`POST /api/v1/agreements/{id}/reports`, page `/kerja-sama/{id}/laporan`; docs/api.md).\n",
    );
    let configurable = configurable_timers();
    if !configurable.is_empty() {
        let _ = writeln!(
            out,
            "\nTimers whose unit follows `domestic_day_unit`: {}.",
            configurable.join(", ")
        );
    }
    write_contents(&mut out);
    for def in PROCEDURES {
        let _ = write!(
            out,
            "\n<a id=\"{}\"></a>\n\n{}",
            anchor(def.code, def.version),
            render_markdown(def)
        );
    }
    out
}

/// The timers whose unit follows `domestic_day_unit`, as "`code` (`procedure`)", once each.
fn configurable_timers() -> Vec<String> {
    let mut configurable: Vec<String> = Vec::new();
    for def in PROCEDURES {
        for state in def.states {
            for timer in state.timers.iter().filter(|t| t.configurable_unit) {
                let entry = format!("`{}` (`{}`)", timer.code, def.code);
                if !configurable.contains(&entry) {
                    configurable.push(entry);
                }
            }
        }
    }
    configurable
}

/// The table of contents: one line per procedure, with the forms and sub-types it covers.
fn write_contents(out: &mut String) {
    out.push_str("\n## Contents\n\n");
    for def in PROCEDURES {
        let applies: Vec<String> = def
            .applies_to
            .iter()
            .map(|(form, subs)| {
                format!(
                    "{} ({})",
                    form.as_str(),
                    subs.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "- [{}](#{}) — `{}` v{}; {}",
            def.title_en,
            anchor(def.code, def.version),
            def.code,
            def.version,
            applies.join("; ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_procedure_setting_is_described() {
        let value = serde_json::to_value(ProcedureConfig::default()).unwrap();
        let fields: std::collections::BTreeSet<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        let described: std::collections::BTreeSet<&str> = CONFIG_FIELDS.iter().map(|(k, _)| *k).collect();
        assert_eq!(fields, described);
    }

    #[test]
    fn the_procedure_doc_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/procedure.md");
        let rendered = render_all_markdown();
        if std::env::var("JALIN_UPDATE_DOCS").is_ok() {
            std::fs::write(&path, &rendered).unwrap();
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == rendered,
            "docs/procedure.md is stale: run JALIN_UPDATE_DOCS=1 cargo test -p jalin-domain"
        );
    }
}
