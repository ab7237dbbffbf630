//! The WHERE clause of agreement lists: the filter's criteria and what the reader may see.

use super::super::Db;
use crate::types::DbUuid;
use jalin_app::ports::store::{AgreementFilter, Visibility};
use jalin_domain::codes::SdgLevel;
use sqlx::QueryBuilder;

pub(super) fn push_filter(qb: &mut QueryBuilder<Db>, f: &AgreementFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(form) = f.form {
        qb.push(" AND a.form = ").push_bind(form.as_str());
    }
    if let Some(status) = f.status {
        qb.push(" AND a.status = ").push_bind(status.as_str());
    }
    if let Some(v) = f.verification {
        qb.push(" AND a.verification = ").push_bind(v.as_str());
    }
    if let Some(year) = f.year {
        qb.push(" AND a.year = ").push_bind(i64::from(year));
    }
    if let Some(r) = &f.region {
        qb.push(" AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE region_code = ")
            .push_bind(r.to_string())
            .push(")");
    }
    if let Some(p) = &f.province {
        qb.push(" AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE province_code = ")
            .push_bind(p.to_string())
            .push(")");
    }
    if let Some(c) = &f.country {
        qb.push(" AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE country_iso2 = ")
            .push_bind(c.to_string())
            .push(")");
    }
    if let Some(p) = f.partner {
        qb.push(" AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE partner_id = ")
            .push_bind(DbUuid(p.0))
            .push(")");
    }
    // JSON list filters are written as `IN (… FROM agreements, json elements …)`, not as a
    // correlated EXISTS: SQLite 3.51 miscounts OFFSET for the EXISTS form when an agreement
    // has several matching elements (found by the registry-index cross-check test).
    if let Some(field) = &f.field {
        qb.push(format!(
            " AND a.id IN (SELECT a2.id FROM agreements a2, {} WHERE value = ",
            super::super::json_values("a2.fields")
        ))
        .push_bind(field.to_string())
        .push(")");
    }
    if let Some(sdg) = &f.sdg {
        qb.push(format!(
            " AND a.id IN (SELECT a2.id FROM agreements a2, {} WHERE value = ",
            super::super::json_values("a2.sdgs")
        ))
        .push_bind(sdg.as_str().to_owned());
        if sdg.level() != SdgLevel::Indicator {
            // A goal covers its targets and indicators; a target its indicators.
            qb.push(" OR value LIKE ").push_bind(format!("{}.%", sdg.as_str()));
        }
        qb.push(")");
    }
    for word in &f.words {
        qb.push(" AND a.search_text LIKE ").push_bind(format!("%{word}%"));
    }
    if let Some(after) = f.after_id {
        qb.push(" AND a.id > ").push_bind(DbUuid(after.0));
    }
    push_visibility(qb, &f.visibility);
}

/// Signed agreements are public; the others only to their parties' region or province.
fn push_visibility(qb: &mut QueryBuilder<Db>, visibility: &Visibility) {
    let signed = " a.status IN ('in_force', 'expired', 'terminated')";
    match visibility {
        Visibility::Everything => {}
        Visibility::Public => {
            qb.push(" AND").push(signed);
        }
        Visibility::PublicAndRegion(r) => {
            qb.push(" AND (")
                .push(signed)
                .push(" OR a.id IN (SELECT agreement_id FROM agreement_parties WHERE region_code = ")
                .push_bind(r.to_string())
                .push("))");
        }
        Visibility::PublicAndProvince(p) => {
            qb.push(" AND (")
                .push(signed)
                .push(" OR a.id IN (SELECT agreement_id FROM agreement_parties WHERE province_code = ")
                .push_bind(p.to_string())
                .push("))");
        }
    }
}
