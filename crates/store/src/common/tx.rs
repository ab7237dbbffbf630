//! The transaction type and error mapping shared by both backends.

use super::Db;
use async_trait::async_trait;
use jalin_app::ports::store::{
    AccountRepo, AgreementRepo, AuditRepo, CalendarFeedRepo, CaseRepo, EvaluationRepo, ImplementationRepo, JobRepo,
    NoticeMailRepo, NotificationRepo, OpportunityRepo, PartnerRepo, PartnershipRepo, ReferenceRepo, ReportRepo,
    StoreError, StoreResult, Tx,
};
use sqlx::pool::PoolConnection;
use sqlx::{Database, Transaction};

enum Conn {
    /// A write transaction (rolled back on drop unless committed).
    Tx(Transaction<'static, Db>),
    /// A plain connection for reads.
    Plain(PoolConnection<Db>),
}

/// A unit of work on one connection.
pub struct DbTx {
    conn: Conn,
}

impl DbTx {
    pub(crate) fn write(tx: Transaction<'static, Db>) -> Self {
        Self { conn: Conn::Tx(tx) }
    }

    pub(crate) fn read(conn: PoolConnection<Db>) -> Self {
        Self {
            conn: Conn::Plain(conn),
        }
    }

    /// The underlying connection, as an executor.
    pub(crate) fn c(&mut self) -> &mut <Db as Database>::Connection {
        match &mut self.conn {
            Conn::Tx(t) => t,
            Conn::Plain(p) => p,
        }
    }
}

/// Maps driver errors to the port's errors: unique violations become conflicts.
pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(d.message().to_owned()),
        other => StoreError::Other(anyhow::Error::new(other)),
    }
}

/// A stored value that does not parse back: the database was changed outside Jalin.
pub(crate) fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Other(anyhow::anyhow!("stored {what} '{value}' is not valid"))
}

#[async_trait]
impl Tx for DbTx {
    fn reference(&mut self) -> &mut dyn ReferenceRepo {
        self
    }

    fn partners(&mut self) -> &mut dyn PartnerRepo {
        self
    }

    fn agreements(&mut self) -> &mut dyn AgreementRepo {
        self
    }

    fn cases(&mut self) -> &mut dyn CaseRepo {
        self
    }

    fn accounts(&mut self) -> &mut dyn AccountRepo {
        self
    }

    fn audit(&mut self) -> &mut dyn AuditRepo {
        self
    }

    fn jobs(&mut self) -> &mut dyn JobRepo {
        self
    }

    fn opportunities(&mut self) -> &mut dyn OpportunityRepo {
        self
    }

    fn partnerships(&mut self) -> &mut dyn PartnershipRepo {
        self
    }

    fn evaluations(&mut self) -> &mut dyn EvaluationRepo {
        self
    }

    fn reports(&mut self) -> &mut dyn ReportRepo {
        self
    }

    fn implementation(&mut self) -> &mut dyn ImplementationRepo {
        self
    }

    fn notifications(&mut self) -> &mut dyn NotificationRepo {
        self
    }

    fn notice_mail(&mut self) -> &mut dyn NoticeMailRepo {
        self
    }

    fn calendar_feeds(&mut self) -> &mut dyn CalendarFeedRepo {
        self
    }

    async fn commit(self: Box<Self>) -> StoreResult<()> {
        match self.conn {
            Conn::Tx(t) => t.commit().await.map_err(db_err),
            Conn::Plain(_) => Ok(()),
        }
    }
}

/// How many rows fit in one multi-row INSERT with `columns` bound values each, staying well
/// below both backends' limits on bound parameters.
pub(crate) fn batch_rows(columns: usize) -> usize {
    (30_000 / columns).max(1)
}
