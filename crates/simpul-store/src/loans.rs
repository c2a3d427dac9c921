//! Lending on the replica: a loan and the asset's `dipinjam` lifecycle in
//! one change, its return likewise, an asset's loans and the overdue list.

use crate::error::StoreError;
use crate::replica::Replica;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use simpul_core::handover::{Loan, LoanInput};
use simpul_core::schema::Collection;
use simpul_core::{Asset, DocId, FieldError, Lifecycle, ValidationErrors};
use specta::Type;

/// A loan past its due date, as the overdue list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OverdueLoan {
    pub loan: Loan,
    /// `Proyektor 1.3.2.05.01.04.001.0002`.
    pub asset: String,
    pub days_late: i64,
}

impl Replica {
    /// Lends an asset: the loan and the asset's lifecycle `dipinjam`.
    pub fn lend(&mut self, input: &LoanInput) -> Result<Loan, StoreError> {
        let asset = self.asset(input.asset_id.trim())?;
        let mut loan = input.validate(&asset, self.clock().today())?;
        loan.id = self.new_id();
        loan.by = self.person_name()?;
        let lent = Asset {
            lifecycle: Lifecycle::Dipinjam,
            updated_at: self.now_rfc3339(),
            ..asset
        };
        self.put_loan(&loan, &lent, "loan.lend")?;
        Ok(loan)
    }

    /// Records the return of loan `id` on `on` (`YYYY-MM-DD`, not before
    /// it was lent nor after today); the asset is active again.
    pub fn return_loan(&mut self, id: &str, on: &str) -> Result<Loan, StoreError> {
        let mut loan = self.loan(id)?;
        if !loan.is_open() {
            return Err(ValidationErrors(vec![FieldError::new(
                "returned_on",
                "loan.returned",
                format!("Pinjaman ini sudah dikembalikan pada {}.", loan.returned_on),
            )])
            .into());
        }
        let day = simpul_core::past_date::past_date(
            "returned_on",
            on,
            self.clock().today(),
            "Tanggal kembali",
        )
        .map_err(|e| ValidationErrors(vec![e]))?;
        if day.format("%Y-%m-%d").to_string() < loan.lent_on {
            return Err(ValidationErrors(vec![FieldError::new(
                "returned_on",
                "loan.returned_before",
                "Tanggal kembali tidak boleh sebelum tanggal pinjam.",
            )])
            .into());
        }
        loan.returned_on = day.format("%Y-%m-%d").to_string();
        let asset = self.asset(&loan.asset_id)?;
        let back = Asset {
            lifecycle: if asset.lifecycle == Lifecycle::Dipinjam {
                Lifecycle::Aktif
            } else {
                asset.lifecycle
            },
            updated_at: self.now_rfc3339(),
            ..asset
        };
        self.put_loan(&loan, &back, "loan.return")?;
        Ok(loan)
    }

    fn put_loan(&mut self, loan: &Loan, asset: &Asset, action: &str) -> Result<(), StoreError> {
        let doc = DocId::for_stocktake(&loan.opd, &loan.id);
        self.put_with_asset(
            (doc, Collection::Loans, &loan.id, loan),
            Some(asset),
            action,
            |tx| put_loan(tx, loan),
        )
    }

    pub fn loan(&self, id: &str) -> Result<Loan, StoreError> {
        let json: String = self
            .conn
            .prepare_cached("SELECT record FROM loan WHERE id = ?1")?
            .query_row(params![id.trim()], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("Pinjaman"))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// An asset's loans, newest first.
    pub fn loans_of(&self, asset_id: &str) -> Result<Vec<Loan>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM loan WHERE asset_id = ?1")?;
        let mut loans: Vec<Loan> = stmt
            .query_map(params![asset_id], |r| r.get::<_, String>(0))?
            .map(|j| Ok(serde_json::from_str::<Loan>(&j?)?))
            .collect::<Result<_, StoreError>>()?;
        loans.sort_by(|a, b| (&b.lent_on, &b.id).cmp(&(&a.lent_on, &a.id)));
        Ok(loans)
    }

    /// Loans not returned by their due date, most late first (the OPDs
    /// this device shows).
    pub fn overdue_loans(&self) -> Result<Vec<OverdueLoan>, StoreError> {
        let today = self.clock().today();
        let opd = self.visible_opd()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.record, a.nama || ' ' || a.kode_barang || '.' || a.nomor_register
             FROM loan l JOIN asset a ON a.id = l.asset_id
             WHERE l.returned_on = '' AND l.due_on < ?1 AND (?2 IS NULL OR l.opd = ?2)",
        )?;
        let rows = stmt.query_map(params![today.format("%Y-%m-%d").to_string(), opd], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (json, asset) = row?;
            let loan: Loan = serde_json::from_str(&json)?;
            out.push(OverdueLoan {
                days_late: loan.days_late(today),
                loan,
                asset,
            });
        }
        out.sort_by(|a, b| b.days_late.cmp(&a.days_late).then(a.asset.cmp(&b.asset)));
        Ok(out)
    }
}

pub(crate) fn put_loan(tx: &Transaction<'_>, l: &Loan) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO loan (id, opd, asset_id, due_on, returned_on, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(id) DO UPDATE SET opd = excluded.opd, asset_id = excluded.asset_id,
           due_on = excluded.due_on, returned_on = excluded.returned_on, record = excluded.record",
    )?
    .execute(params![
        l.id,
        l.opd,
        l.asset_id,
        l.due_on,
        l.returned_on,
        serde_json::to_string(l)?
    ])?;
    Ok(())
}
