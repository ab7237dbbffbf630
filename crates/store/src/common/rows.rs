//! What the repositories share: reading stored text back into domain types, binding lists
//! as JSON, multi-row inserts in batches, and paged listings under a filter.

use super::Db;
use super::tx::{DbTx, batch_rows, corrupt, db_err};
use jalin_app::ports::store::{Page, StoreResult};
use sqlx::query_builder::Separated;
use sqlx::types::Json;
use sqlx::{Database, FromRow, QueryBuilder};
use std::str::FromStr;

/// A stored value parsed back; a value that does not parse means the database was changed
/// outside Jalin.
pub(crate) fn parse<T: FromStr>(what: &str, v: &str) -> StoreResult<T> {
    v.parse().map_err(|_| corrupt(what, v))
}

pub(crate) fn parse_opt<T: FromStr>(what: &str, v: Option<String>) -> StoreResult<Option<T>> {
    v.map(|s| parse(what, &s)).transpose()
}

pub(crate) fn parse_all<T: FromStr>(what: &str, values: &[String]) -> StoreResult<Vec<T>> {
    values.iter().map(|v| parse(what, v)).collect()
}

/// A list of codes as a JSON array of strings.
pub(crate) fn strings<T: ToString>(values: &[T]) -> Json<Vec<String>> {
    Json(values.iter().map(ToString::to_string).collect())
}

pub(crate) fn push_page(qb: &mut QueryBuilder<Db>, page: Page) {
    qb.push(" LIMIT ")
        .push_bind(page.limit)
        .push(" OFFSET ")
        .push_bind(page.offset);
}

impl DbTx {
    /// Inserts `rows` with `insert` (`INSERT INTO t (a, b) `) in multi-row statements of
    /// as many rows as the bound-parameter limits allow for `columns` values each.
    pub(crate) async fn insert_batched<T: Sync>(
        &mut self,
        insert: &str,
        columns: usize,
        rows: &[T],
        mut bind: impl FnMut(Separated<'_, Db, &'static str>, &T) + Send,
    ) -> StoreResult<()> {
        for chunk in rows.chunks(batch_rows(columns)) {
            let mut qb = QueryBuilder::<Db>::new(insert);
            qb.push_values(chunk, &mut bind);
            qb.build().execute(self.c()).await.map_err(db_err)?;
        }
        Ok(())
    }

    /// How many rows of `from` pass `filter`: the total of a paged listing.
    pub(crate) async fn count_where(
        &mut self,
        from: &str,
        filter: impl FnOnce(&mut QueryBuilder<Db>) + Send,
    ) -> StoreResult<i64> {
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT COUNT(*) FROM {from}"));
        filter(&mut qb);
        qb.build_query_scalar().fetch_one(self.c()).await.map_err(db_err)
    }

    /// One page of `select` (`SELECT … FROM …`) under `filter`, in `order`.
    pub(crate) async fn page_where<R>(
        &mut self,
        select: &str,
        filter: impl FnOnce(&mut QueryBuilder<Db>) + Send,
        order: &str,
        page: Page,
    ) -> StoreResult<Vec<R>>
    where
        R: for<'r> FromRow<'r, <Db as Database>::Row> + Send + Unpin,
    {
        let mut qb = QueryBuilder::<Db>::new(select);
        filter(&mut qb);
        qb.push(" ORDER BY ").push(order);
        push_page(&mut qb, page);
        qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)
    }
}
