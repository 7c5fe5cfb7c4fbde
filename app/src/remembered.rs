//! Bookings remembered on a resident's own phone, so "my bookings" can list
//! them without retyping code and phone. Only the code, the phone (which
//! the resident typed here) and the slot id are kept: no name, no details.
//! Never used on a kiosk: a shared screen must not remember anyone.
//!
//! Storage is best effort: missing (private mode, disabled), corrupt or full
//! storage only means nothing is remembered, never a broken page.

use linli_model::{BookingCode, Date, PhoneNumber, SlotId};
use serde::{Deserialize, Serialize};

/// One key, one JSON array; `v1` so a later shape can move aside.
pub const STORAGE_KEY: &str = "linli.bookings.v1";

/// Entries whose slot was longer ago than this are dropped, as the server
/// erases their personal data after the same time.
pub const KEEP_DAYS: i64 = 30;

/// A bound on what one phone keeps, so storage can't grow without end.
const MAX_ENTRIES: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    pub code: BookingCode,
    /// Serialised in canonical form; parsing it again validates it.
    pub phone: PhoneNumber,
    pub slot_id: SlotId,
}

/// Reads the stored text; old entries and repeats are dropped. Storage that
/// isn't our array (corrupt, edited by hand) reads as empty and is replaced
/// at the next write. (Typed parsing: a `serde_json::Value` per entry would
/// cost the WASM bundle several kilobytes.)
pub fn parse(json: &str, today: Date) -> Vec<Remembered> {
    let stored: Vec<Remembered> = serde_json::from_str(json).unwrap_or_default();
    let oldest = today.add_days(-KEEP_DAYS);
    let mut list: Vec<Remembered> = Vec::with_capacity(stored.len());
    for entry in stored {
        if entry.slot_id.date >= oldest && !list.iter().any(|e| e.code == entry.code) {
            list.push(entry);
        }
    }
    list
}

pub fn to_json(list: &[Remembered]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

/// The list with `entry` added: newest first, one entry per code.
pub fn with_added(mut list: Vec<Remembered>, entry: Remembered) -> Vec<Remembered> {
    list.retain(|e| e.code != entry.code);
    list.insert(0, entry);
    list.truncate(MAX_ENTRIES);
    list
}

fn storage() -> Option<web_sys::Storage> {
    // `localStorage` itself can throw (blocked cookies, some private modes).
    web_sys::window()?.local_storage().ok()?
}

fn write(list: &[Remembered]) {
    if let Some(storage) = storage() {
        let result = if list.is_empty() {
            storage.remove_item(STORAGE_KEY)
        } else {
            storage.set_item(STORAGE_KEY, &to_json(list))
        };
        // A full storage refuses the write: the booking is still made and
        // its code is on the receipt, so there is nothing more to do.
        let _ = result;
    }
}

/// The remembered bookings; rewrites the storage when some were dropped.
pub fn load() -> Vec<Remembered> {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return Vec::new();
    };
    let list = parse(&text, crate::platform::now().date);
    if to_json(&list) != text {
        write(&list);
    }
    list
}

pub fn remember(entry: Remembered) {
    write(&with_added(load(), entry));
}

pub fn forget(code: &BookingCode) {
    let mut list = load();
    list.retain(|e| &e.code != code);
    write(&list);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn entry(code: &str, slot: &str) -> Remembered {
        Remembered {
            code: code.parse().expect("code"),
            phone: "138 1234 5678".parse().expect("phone"),
            slot_id: slot.parse().expect("slot"),
        }
    }

    #[test]
    fn round_trips_with_only_code_phone_and_slot() {
        let list = vec![entry("K7QM-2P9D", "lunch@2026-11-27T11:30")];
        let json = to_json(&list);
        assert_eq!(
            json,
            r#"[{"code":"K7QM-2P9D","phone":"13812345678","slot_id":"lunch@2026-11-27T11:30"}]"#
        );
        assert_eq!(parse(&json, date("2026-11-27")), list);
    }

    #[test]
    fn corrupt_or_foreign_storage_gives_an_empty_list() {
        for bad in ["", "null", "{", "{\"a\":1}", "42", "[1,2]"] {
            assert!(parse(bad, date("2026-11-27")).is_empty(), "{bad}");
        }
    }

    #[test]
    fn an_invalid_entry_is_never_trusted() {
        // A phone or code that doesn't parse would only fail at the server.
        let json = r#"[{"code":"K7QM-2P9D","phone":"12345","slot_id":"lunch@2026-11-27T11:30"}]"#;
        assert!(parse(json, date("2026-11-27")).is_empty());
    }

    #[test]
    fn entries_older_than_thirty_days_are_dropped() {
        let list = vec![
            entry("AAAA-AAAA", "lunch@2026-10-28T11:30"),
            entry("BBBB-BBBB", "lunch@2026-10-27T11:30"),
        ];
        let kept = parse(&to_json(&list), date("2026-11-27"));
        assert_eq!(kept, vec![list[0].clone()]);
    }

    #[test]
    fn adding_puts_newest_first_without_repeats() {
        let a = entry("AAAA-AAAA", "lunch@2026-11-27T11:30");
        let b = entry("BBBB-BBBB", "lunch@2026-11-28T11:30");
        let list = with_added(with_added(vec![], a.clone()), b.clone());
        assert_eq!(list, vec![b.clone(), a.clone()]);
        assert_eq!(with_added(list, a.clone()), vec![a, b]);
    }
}
