//! The volunteer console when the network drops (API backend only): the
//! roster as last loaded, and the check-ins, undos and no-shows made
//! meanwhile, queued with a random id and the device's time of the tap
//! until `POST /volunteer/sync` takes them ([`super::Staff::sync`]).
//!
//! The roster (masked names and phones) is kept in the tab's session
//! storage, beside the session itself: it goes at sign-out and with the
//! tab. The queue (codes only) is kept in local storage, so a closed tab
//! loses nothing; it is sent at the centre's next sign-in. Plain lines
//! rather than JSON: one serde round trip less in the WASM.

use linli_model::sync::{QueuedAction, QueuedStaffAction};
use linli_model::{BookingCode, CenterId, Date, Roster, ServiceKind, StaffAction};

const ROSTER_KEY: &str = "linli.volunteer.roster.v1";
const QUEUE_KEY: &str = "linli.volunteer.queue.v1";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What a kept roster is of: `centre date kind`.
fn roster_of(center: &CenterId, date: Date, kind: Option<ServiceKind>) -> String {
    format!(
        "{center} {date} {}",
        kind.map_or("all", ServiceKind::as_str)
    )
}

/// Keeps a roster as the server sent it.
pub fn keep_roster(center: &CenterId, date: Date, kind: Option<ServiceKind>, json: &str) {
    if let Some(s) = session() {
        let of = roster_of(center, date, kind);
        let _ = s.set_item(ROSTER_KEY, &format!("{of}\n{json}"));
    }
}

/// The kept roster of this centre, day and kind, if it is the one kept.
pub fn kept_roster(center: &CenterId, date: Date, kind: Option<ServiceKind>) -> Option<Roster> {
    let kept = session()?.get_item(ROSTER_KEY).ok()??;
    let (of, json) = kept.split_once('\n')?;
    (of == roster_of(center, date, kind))
        .then(|| serde_json::from_str(json).ok())
        .flatten()
}

pub fn forget_roster() {
    if let Some(s) = session() {
        let _ = s.remove_item(ROSTER_KEY);
    }
}

fn text() -> String {
    local()
        .and_then(|s| s.get_item(QUEUE_KEY).ok().flatten())
        .unwrap_or_default()
}

/// Clears the device's storage the way a kiosk's reset does, except for
/// the queue: check-ins waiting for the network are the centre's, not the
/// resident's (codes and actions only), and must outlive the reset.
pub fn clear_storage_keeping_queue() {
    let queued = text();
    if let Some(window) = web_sys::window() {
        for storage in [window.local_storage(), window.session_storage()] {
            if let Ok(Some(storage)) = storage {
                let _ = storage.clear();
            }
        }
    }
    if !queued.is_empty()
        && let Some(s) = local()
    {
        let _ = s.set_item(QUEUE_KEY, &queued);
    }
}

/// Every queued action, each with its centre: `centre id code action at`
/// a line. A line this build can't read is dropped.
fn read() -> Vec<(String, QueuedStaffAction)> {
    text()
        .lines()
        .filter_map(|line| {
            let mut f = line.split(' ');
            let center = f.next()?.to_owned();
            let action = QueuedStaffAction {
                id: f.next()?.parse().ok()?,
                code: f.next()?.parse().ok()?,
                action: QueuedAction::from_staff(StaffAction::parse(f.next()?)?)?,
                at: f.next()?.parse().ok()?,
            };
            Some((center, action))
        })
        .collect()
}

fn write(queue: &[(String, QueuedStaffAction)]) -> bool {
    let text: Vec<String> = queue
        .iter()
        .map(|(center, a)| {
            let action = a.action.staff().as_str();
            format!("{center} {} {} {action} {}", a.id, a.code.compact(), a.at)
        })
        .collect();
    local().is_some_and(|s| s.set_item(QUEUE_KEY, &text.join("\n")).is_ok())
}

/// Queues an action made now; false if the device can't keep it.
pub fn queue(center: &CenterId, code: BookingCode, action: QueuedAction) -> bool {
    let Ok(id) = crate::platform::random_key().parse() else {
        return false;
    };
    let at = crate::platform::now();
    let mut queue = read();
    queue.push((
        center.to_string(),
        QueuedStaffAction {
            id,
            code,
            action,
            at,
        },
    ));
    write(&queue)
}

/// The centre's queued actions, oldest first.
pub fn queued(center: &CenterId) -> Vec<QueuedStaffAction> {
    let center = center.to_string();
    read()
        .into_iter()
        .filter(|(c, _)| *c == center)
        .map(|(_, a)| a)
        .collect()
}

/// Takes out the actions the server has answered.
pub fn answered(done: &[QueuedStaffAction]) {
    let mut queue = read();
    queue.retain(|(_, a)| !done.iter().any(|d| d.id == a.id));
    write(&queue);
}
