//! Evaluation rounds and their sides, the partner guests invited to evaluate, and the
//! revival prompts taken for dormant agreements.

use super::Db;
use super::rows::parse;
use super::tx::{DbTx, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{EvaluationRepo, RevivalAction, StoreResult};
use jalin_domain::ids::{AgreementId, EvaluationRoundId, UserId};
use jalin_domain::monitoring::evaluation::{Criterion, EvaluationRound, FiledSide, Score, Side};
use sqlx::{FromRow, QueryBuilder};
use time::OffsetDateTime;

#[derive(FromRow)]
struct RoundRow {
    id: DbUuid,
    agreement_id: DbUuid,
    year: i64,
    opened_by: String,
    opened_at: OffsetDateTime,
}

const SIDE_COLUMNS: &str = "round_id, side, efficiency, efficiency_comment, effectiveness, effectiveness_comment, \
     mutual_benefit, mutual_benefit_comment, sustainability, sustainability_comment, people_to_people, \
     people_to_people_comment, recommendation, justification, language, filed_by, filed_at";

#[derive(FromRow)]
struct SideRow {
    round_id: DbUuid,
    side: String,
    efficiency: i64,
    efficiency_comment: Option<String>,
    effectiveness: i64,
    effectiveness_comment: Option<String>,
    mutual_benefit: i64,
    mutual_benefit_comment: Option<String>,
    sustainability: i64,
    sustainability_comment: Option<String>,
    people_to_people: i64,
    people_to_people_comment: Option<String>,
    recommendation: String,
    justification: String,
    language: String,
    filed_by: String,
    filed_at: OffsetDateTime,
}

impl SideRow {
    fn into_side(self) -> StoreResult<(EvaluationRoundId, FiledSide)> {
        let score = |criterion, score: i64, comment: Option<String>| Score {
            criterion,
            score: score.clamp(0, 255) as u8,
            comment,
        };
        let scores = vec![
            score(Criterion::Efficiency, self.efficiency, self.efficiency_comment),
            score(Criterion::Effectiveness, self.effectiveness, self.effectiveness_comment),
            score(
                Criterion::MutualBenefit,
                self.mutual_benefit,
                self.mutual_benefit_comment,
            ),
            score(
                Criterion::Sustainability,
                self.sustainability,
                self.sustainability_comment,
            ),
            score(
                Criterion::PeopleToPeople,
                self.people_to_people,
                self.people_to_people_comment,
            ),
        ];
        Ok((
            EvaluationRoundId(self.round_id.0),
            FiledSide {
                side: parse("evaluation side", &self.side)?,
                scores,
                recommendation: parse("recommendation", &self.recommendation)?,
                justification: self.justification,
                language: self.language,
                filed_by: self.filed_by,
                filed_at: self.filed_at,
            },
        ))
    }
}

impl DbTx {
    /// Rounds with their sides attached.
    async fn with_sides(&mut self, rows: Vec<RoundRow>) -> StoreResult<Vec<EvaluationRound>> {
        let mut rounds: Vec<EvaluationRound> = rows
            .into_iter()
            .map(|r| EvaluationRound {
                id: EvaluationRoundId(r.id.0),
                agreement_id: AgreementId(r.agreement_id.0),
                year: r.year as i32,
                opened_by: r.opened_by,
                opened_at: r.opened_at,
                region: None,
                partner: None,
            })
            .collect();
        if rounds.is_empty() {
            return Ok(rounds);
        }
        let mut qb = QueryBuilder::<Db>::new(format!(
            "SELECT {SIDE_COLUMNS} FROM evaluation_sides WHERE round_id IN ("
        ));
        let mut list = qb.separated(", ");
        for r in &rounds {
            list.push_bind(DbUuid(r.id.0));
        }
        qb.push(")");
        let sides: Vec<SideRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        for row in sides {
            let (round, side) = row.into_side()?;
            if let Some(r) = rounds.iter_mut().find(|r| r.id == round) {
                match side.side {
                    Side::Region => r.region = Some(side),
                    Side::Partner => r.partner = Some(side),
                }
            }
        }
        Ok(rounds)
    }
}

fn in_list(qb: &mut QueryBuilder<Db>, ids: &[AgreementId]) {
    let mut list = qb.separated(", ");
    for a in ids {
        list.push_bind(DbUuid(a.0));
    }
    qb.push(")");
}

#[async_trait]
impl EvaluationRepo for DbTx {
    async fn insert_round(&mut self, round: &EvaluationRound) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO evaluation_rounds (id, agreement_id, year, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(DbUuid(round.id.0))
        .bind(DbUuid(round.agreement_id.0))
        .bind(i64::from(round.year))
        .bind(&round.opened_by)
        .bind(round.opened_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn round(&mut self, id: EvaluationRoundId) -> StoreResult<Option<EvaluationRound>> {
        let rows: Vec<RoundRow> =
            sqlx::query_as("SELECT id, agreement_id, year, opened_by, opened_at FROM evaluation_rounds WHERE id = $1")
                .bind(DbUuid(id.0))
                .fetch_all(self.c())
                .await
                .map_err(db_err)?;
        Ok(self.with_sides(rows).await?.pop())
    }

    async fn rounds(&mut self, agreement: AgreementId) -> StoreResult<Vec<EvaluationRound>> {
        let rows: Vec<RoundRow> = sqlx::query_as(
            "SELECT id, agreement_id, year, opened_by, opened_at FROM evaluation_rounds WHERE agreement_id = $1 \
             ORDER BY year DESC, id DESC",
        )
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        self.with_sides(rows).await
    }

    async fn file_side(&mut self, round: EvaluationRoundId, side: &FiledSide) -> StoreResult<()> {
        sqlx::query("DELETE FROM evaluation_sides WHERE round_id = $1 AND side = $2")
            .bind(DbUuid(round.0))
            .bind(side.side.as_str())
            .execute(self.c())
            .await
            .map_err(db_err)?;
        let mut qb = QueryBuilder::<Db>::new(format!("INSERT INTO evaluation_sides ({SIDE_COLUMNS}) VALUES ("));
        let mut values = qb.separated(", ");
        values.push_bind(DbUuid(round.0)).push_bind(side.side.as_str());
        for c in Criterion::ALL {
            let s = side.scores.iter().find(|s| s.criterion == *c);
            values.push_bind(s.map_or(0, |s| i64::from(s.score)));
            values.push_bind(s.and_then(|s| s.comment.clone()));
        }
        values
            .push_bind(side.recommendation.as_str())
            .push_bind(side.justification.clone())
            .push_bind(side.language.clone())
            .push_bind(side.filed_by.clone())
            .push_bind(side.filed_at);
        qb.push(")");
        qb.build().execute(self.c()).await.map_err(db_err)?;
        Ok(())
    }

    async fn incomplete_rounds(
        &mut self,
        agreements: &[AgreementId],
        before_year: i32,
    ) -> StoreResult<Vec<(AgreementId, u32)>> {
        if agreements.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT r.agreement_id, COUNT(*) FROM evaluation_rounds r WHERE \
             (SELECT COUNT(*) FROM evaluation_sides s WHERE s.round_id = r.id) < 2 AND r.year < ",
        );
        qb.push_bind(i64::from(before_year)).push(" AND r.agreement_id IN (");
        in_list(&mut qb, agreements);
        qb.push(" GROUP BY r.agreement_id");
        let rows: Vec<(DbUuid, i64)> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(a, n)| (AgreementId(a.0), n.clamp(0, i64::from(u32::MAX)) as u32))
            .collect())
    }

    async fn invite_guest(
        &mut self,
        agreement: AgreementId,
        user: UserId,
        by: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO evaluation_guests (agreement_id, user_id, invited_by, invited_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (agreement_id, user_id) DO NOTHING",
        )
        .bind(DbUuid(agreement.0))
        .bind(DbUuid(user.0))
        .bind(by)
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn is_guest(&mut self, agreement: AgreementId, user: UserId) -> StoreResult<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_guests WHERE agreement_id = $1 AND user_id = $2")
                .bind(DbUuid(agreement.0))
                .bind(DbUuid(user.0))
                .fetch_one(self.c())
                .await
                .map_err(db_err)?;
        Ok(n > 0)
    }

    async fn guest_agreements(&mut self, user: UserId) -> StoreResult<Vec<AgreementId>> {
        let rows: Vec<DbUuid> = sqlx::query_scalar(
            "SELECT agreement_id FROM evaluation_guests WHERE user_id = $1 ORDER BY invited_at, agreement_id",
        )
        .bind(DbUuid(user.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows.into_iter().map(|a| AgreementId(a.0)).collect())
    }

    async fn guests(&mut self, agreement: AgreementId) -> StoreResult<Vec<String>> {
        sqlx::query_scalar(
            "SELECT u.email FROM evaluation_guests g JOIN users u ON u.id = g.user_id WHERE g.agreement_id = $1 \
             ORDER BY u.email",
        )
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)
    }

    async fn insert_revival(&mut self, a: &RevivalAction) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO revival_actions (id, agreement_id, kind, note, taken_by, taken_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(DbUuid(a.id))
        .bind(DbUuid(a.agreement_id.0))
        .bind(a.kind.as_str())
        .bind(&a.note)
        .bind(&a.taken_by)
        .bind(a.taken_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn revivals(&mut self, agreements: &[AgreementId]) -> StoreResult<Vec<RevivalAction>> {
        if agreements.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT id, agreement_id, kind, note, taken_by, taken_at FROM revival_actions WHERE agreement_id IN (",
        );
        in_list(&mut qb, agreements);
        qb.push(" ORDER BY taken_at DESC, id DESC");
        let rows: Vec<(DbUuid, DbUuid, String, Option<String>, String, OffsetDateTime)> =
            qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows.into_iter()
            .map(|(id, a, kind, note, taken_by, taken_at)| {
                Ok(RevivalAction {
                    id: id.0,
                    agreement_id: AgreementId(a.0),
                    kind: parse("revival kind", &kind)?,
                    note,
                    taken_by,
                    taken_at,
                })
            })
            .collect()
    }
}
