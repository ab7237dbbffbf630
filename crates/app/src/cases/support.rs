//! Small helpers shared by the case use cases.

#[allow(unused_imports)]
use super::eligibility::*;
#[allow(unused_imports)]
use super::inputs::*;
#[allow(unused_imports)]
use super::views::*;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::case::Case;
use jalin_domain::procedure::{ProcedureDef, StateDef, definitions};
use time::Date;

pub(super) fn parse_date(v: &str) -> Option<Date> {
    Date::parse(v.trim(), time::macros::format_description!("[year]-[month]-[day]")).ok()
}

pub(super) fn def_of(case: &Case) -> AppResult<&'static ProcedureDef> {
    definitions::find(&case.procedure, case.procedure_version).ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!(
            "case {} follows unknown procedure {} v{}",
            case.id,
            case.procedure,
            case.procedure_version
        ))
    })
}

pub(super) fn state_of<'a>(def: &'a ProcedureDef, case: &Case) -> AppResult<&'a StateDef> {
    def.state(&case.state)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("case {} is in unknown state {}", case.id, case.state)))
}

/// Parses a list of codes into `out`, recording errors as `field[i]`.
pub(super) fn parse_codes<T: std::str::FromStr<Err = jalin_domain::error::CodeError> + PartialEq>(
    errors: &mut FieldErrors,
    field: &str,
    values: &[String],
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(x) = errors.take(&format!("{field}[{i}]"), v.parse::<T>())
            && !out.contains(&x)
        {
            out.push(x);
        }
    }
    out
}
