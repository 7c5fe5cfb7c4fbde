//! A static kiosk in a test: bookings in the model's ledger, exported to
//! a file, and `linli-server import-bookings` run on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use linli_model::export::BookingsExport;
use linli_model::ledger::{Ledger, NewBooking};
use linli_model::validate::validate_booking;
use linli_model::{BookingRecord, CenterFile, Channel, LocalDateTime, StaffAction};
use reqwest::StatusCode;
use serde_json::Value;

use super::volunteer::{CENTER, OTHER_CENTER};
use super::{TestServer, data_dir};

pub fn at(date: &str, time: &str) -> LocalDateTime {
    LocalDateTime {
        date: date.parse().expect("date"),
        time: time.parse().expect("time"),
    }
}

pub fn center_file(id: &str) -> CenterFile {
    let path = data_dir().join(format!("centers/{id}.json"));
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("parses")
}

/// A kiosk's ledger, booking as the static backend does.
pub struct Kiosk {
    pub ledger: Ledger,
    files: Vec<CenterFile>,
    /// Code bytes: counted, and apart from the server's random ones.
    next: u8,
}

impl Kiosk {
    pub fn new() -> Kiosk {
        Kiosk {
            ledger: Ledger::new(),
            files: vec![center_file(CENTER), center_file(OTHER_CENTER)],
            next: 0,
        }
    }

    /// Books `body` (an API request) at 09:00 on the test day.
    pub fn book(&mut self, body: Value) -> BookingRecord {
        let req = serde_json::from_value(body).expect("a request");
        let slot_id = linli_model::validate::parse_slot_id(&req).expect("slot id");
        let offering = self
            .files
            .iter()
            .find_map(|f| f.offering(&slot_id.offering_id))
            .expect("offering");
        let booking = validate_booking(
            &req,
            offering,
            at("2026-11-27", "09:00"),
            &[Channel::Kiosk, Channel::Web],
        )
        .expect("valid");
        let next = &mut self.next;
        self.ledger
            .book(
                NewBooking {
                    booking,
                    daily_limit: offering.daily_limit_per_phone,
                    idempotency_key: None,
                    now_millis: 1_795_741_200_000,
                },
                || {
                    *next += 1;
                    [0xa5, 0x5a, *next, 0x17, 0x71]
                },
            )
            .expect("booked")
    }

    pub fn act(&mut self, r: &BookingRecord, action: StaffAction, when: LocalDateTime) {
        let reason = (action == StaffAction::Cancel).then_some("家中有事");
        self.ledger
            .act(
                &r.slot.center_id.clone(),
                r.code,
                action,
                reason,
                when,
                1_795_750_000_000,
            )
            .expect("acted");
    }

    /// The export file, as the volunteer view downloads it.
    pub fn export(&self, dir: &Path, name: &str) -> PathBuf {
        let export = BookingsExport::new(
            CENTER.parse().expect("id"),
            "2026-11-27T18:00:00+08:00".into(),
            self.ledger.bookings.clone(),
        );
        let path = dir.join(name);
        std::fs::write(&path, serde_json::to_vec_pretty(&export).expect("json")).expect("write");
        path
    }
}

pub fn import(s: &TestServer, file: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .arg("import-bookings")
        .arg(file)
        .arg("--db")
        .arg(s.db.arg())
        .arg("--data")
        .arg(data_dir())
        .args(extra)
        .output()
        .expect("runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The report's line about this booking.
pub fn line_of(report: &str, r: &BookingRecord) -> String {
    report
        .lines()
        .find(|l| l.contains(&r.code.to_string()))
        .unwrap_or_else(|| panic!("{} not reported: {report}", r.code))
        .to_owned()
}

/// The booking as residents look it up, or the status of the miss.
pub async fn lookup(s: &TestServer, r: &BookingRecord) -> Result<Value, StatusCode> {
    let (status, body) = s.lookup_code(&r.code.to_string(), &r.phone).await;
    if status == StatusCode::OK {
        Ok(body)
    } else {
        Err(status)
    }
}
