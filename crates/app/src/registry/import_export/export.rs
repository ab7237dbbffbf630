//! Exporting agreements, and writing generated inputs as an import file.

use super::ExchangeFormat;
use super::csv_format::{CSV_COLUMNS, csv_row};
use crate::AppResult;
use crate::ports::store::{AgreementFilter, AgreementOrder, Page};
use crate::registry::Registry;
use jalin_domain::agreement::{Agreement, AgreementInput, PartyInput};
use jalin_domain::ids::PartnerId;
use jalin_domain::partner::{Partner, PartnerInput, PartnerKind};
use std::collections::HashMap;
use std::io::Write;
use time::format_description::well_known::Rfc3339;

impl Registry {
    /// Writes every agreement, in identifier order.
    pub async fn export_agreements(&self, format: ExchangeFormat, out: &mut dyn Write) -> AppResult<usize> {
        reject_xlsx(format)?;
        let mut tx = self.store.read().await?;
        let partners: HashMap<PartnerId, Partner> = tx.partners().all().await?.into_iter().map(|p| (p.id, p)).collect();
        let mut sink = match format {
            ExchangeFormat::Csv => {
                let mut w = csv::WriterBuilder::new().from_writer(out);
                w.write_record(CSV_COLUMNS).map_err(anyhow::Error::from)?;
                Sink::Csv(Box::new(w))
            }
            ExchangeFormat::Json | ExchangeFormat::Xlsx => {
                out.write_all(b"[").map_err(anyhow::Error::from)?;
                Sink::Json(out)
            }
        };
        let mut count = 0usize;
        let mut filter = AgreementFilter {
            order: AgreementOrder::Id,
            ..Default::default()
        };
        loop {
            let page = tx.agreements().list(&filter, Page { limit: 1000, offset: 0 }).await?;
            let Some(last) = page.items.last() else { break };
            filter.after_id = Some(last.id);
            for agreement in &page.items {
                let record = export_record(agreement, &partners);
                match &mut sink {
                    Sink::Csv(w) => w.write_record(csv_row(&record)).map_err(anyhow::Error::from)?,
                    Sink::Json(out) => {
                        out.write_all(if count == 0 { b"\n  " } else { b",\n  " })
                            .map_err(anyhow::Error::from)?;
                        serde_json::to_writer(&mut **out, &record).map_err(anyhow::Error::from)?;
                    }
                }
                count += 1;
            }
        }
        match sink {
            Sink::Csv(mut w) => w.flush().map_err(anyhow::Error::from)?,
            Sink::Json(out) => out
                .write_all(if count == 0 { b"]\n" } else { b"\n]\n" })
                .map_err(anyhow::Error::from)?,
        }
        Ok(count)
    }
}

enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Json(&'a mut dyn Write),
}

/// Writes agreement inputs (e.g. generated ones) as an import file.
pub fn write_inputs(inputs: &[AgreementInput], format: ExchangeFormat, out: &mut dyn Write) -> AppResult<()> {
    reject_xlsx(format)?;
    match format {
        ExchangeFormat::Csv => {
            let mut w = csv::WriterBuilder::new().from_writer(out);
            w.write_record(CSV_COLUMNS).map_err(anyhow::Error::from)?;
            for input in inputs {
                w.write_record(csv_row(input)).map_err(anyhow::Error::from)?;
            }
            w.flush().map_err(anyhow::Error::from)?;
        }
        ExchangeFormat::Json | ExchangeFormat::Xlsx => {
            serde_json::to_writer_pretty(&mut *out, inputs).map_err(anyhow::Error::from)?;
            out.write_all(b"\n").map_err(anyhow::Error::from)?;
        }
    }
    Ok(())
}

/// XLSX is read only: exports are CSV (which spreadsheets open) or JSON.
fn reject_xlsx(format: ExchangeFormat) -> AppResult<()> {
    if format == ExchangeFormat::Xlsx {
        return Err(crate::AppError::BadFile(
            "XLSX can be imported but not written; export as CSV".to_owned(),
        ));
    }
    Ok(())
}

/// The exchange form of an agreement: its input with parties named by stable identifiers
/// and its timestamps.
fn export_record(a: &Agreement, partners: &HashMap<PartnerId, Partner>) -> AgreementInput {
    let mut input = a.to_input();
    input.open_ended = if a.open_ended { Some(true) } else { None };
    input.created_at = a.created_at.format(&Rfc3339).ok();
    input.updated_at = a.updated_at.format(&Rfc3339).ok();
    input.parties = Some(
        a.parties
            .iter()
            .map(|party| match (&party.region_code, party.kind) {
                (Some(code), PartnerKind::IndonesianRegion) => PartyInput {
                    region_code: Some(code.to_string()),
                    ..Default::default()
                },
                _ => {
                    let partner = partners.get(&party.partner_id);
                    PartyInput {
                        partner: Some(PartnerInput {
                            kind: Some(party.kind.as_str().to_owned()),
                            name: Some(party.name.clone()),
                            country: party.country_iso2.as_ref().map(|c| c.to_string()),
                            geonameid: party.geonameid.map(|g| g.0),
                            subdivision_code: party.subdivision_code.as_ref().map(|s| s.to_string()),
                            category: partner.and_then(|p| p.category).map(|c| c.as_str().to_owned()),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }
                }
            })
            .collect(),
    );
    input
}
