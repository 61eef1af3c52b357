//! `fellowship-bot export`: the leads' data as CSV on the command line — feedback (anonymous
//! unless named, small trusts folded), attendance, the fellows, and the arrival journey's
//! shares per start-month cohort (no names).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::feedback::report::{label_trusts, responses_csv};
use crate::journey::Journey;
use crate::journey::cohort::{cohort_csv, cohort_reports_in};
use crate::store::{ReportScope, Store};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportKind {
    Feedback,
    Attendance,
    Fellows,
}

/// What the command line exports: one of the database's [`ExportKind`]s, or the journey's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportChoice {
    Feedback,
    Attendance,
    Fellows,
    /// Per start-month cohort and step: applies, done, not for me, stuck (counts, no names).
    Journey,
}

impl ExportChoice {
    /// The database export chosen; None for the journey's, which needs the journey file too.
    pub fn kind(self) -> Option<ExportKind> {
        match self {
            Self::Feedback => Some(ExportKind::Feedback),
            Self::Attendance => Some(ExportKind::Attendance),
            Self::Fellows => Some(ExportKind::Fellows),
            Self::Journey => None,
        }
    }
}

/// The journey's shares per start-month cohort as CSV, as they stand `today` (the cohorts of
/// the last 12 months; only fellows who started on `since` or later when it is given). The
/// same file `/journey cohort` attaches: no names, only how many are stuck on each step.
pub async fn export_journey_csv(
    store: &Store,
    journey: &Journey,
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> anyhow::Result<Vec<u8>> {
    let reports = cohort_reports_in(store, journey, today, since).await?;
    cohort_csv(&reports)
}

/// The CSV for `kind`, from `since` on (the start of time when None).
pub async fn export_csv(
    store: &Store,
    kind: ExportKind,
    since: Option<NaiveDate>,
    zone: Tz,
) -> anyhow::Result<Vec<u8>> {
    let since_day = since.unwrap_or(NaiveDate::MIN);
    Ok(match kind {
        ExportKind::Feedback => {
            let scope = ReportScope::Period {
                from: since.map_or_else(|| "0000-01-01".to_owned(), |d| d.to_string()),
                to: "9999-12-31".into(),
            };
            let mut rows = store.feedback_rows(&scope).await?;
            let invited = store.feedback_invited(&scope).await?;
            label_trusts(&mut rows, &invited);
            responses_csv(&rows)?
        }
        ExportKind::Attendance => {
            let since = since
                .and_then(|d| crate::sessions::time::resolve(d.and_hms_opt(0, 0, 0)?, zone))
                .unwrap_or(DateTime::<Utc>::MIN_UTC);
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(["starts_at", "session_type", "title", "fellow", "trust"])?;
            for (at, kind, title, name, trust) in store.attendance_since(since).await? {
                let at = at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
                out.write_record([at, kind, title, name, trust])?;
            }
            out.into_inner().map_err(|e| e.into_error())?
        }
        ExportKind::Fellows => {
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(["name", "trust", "start_date", "specialty", "left_on"])?;
            for fellow in store.fellows().await? {
                if fellow.start_date < since_day {
                    continue;
                }
                out.write_record([
                    fellow.name,
                    fellow.trust,
                    fellow.start_date.to_string(),
                    fellow.specialty,
                    fellow.left_on.map(|d| d.to_string()).unwrap_or_default(),
                ])?;
            }
            out.into_inner().map_err(|e| e.into_error())?
        }
    })
}
