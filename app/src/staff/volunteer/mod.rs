//! The volunteer console: PIN sign-in per centre, the day's roster with
//! check-in, no-show and cancel, walk-in bookings, CSV export and print.
//!
//! The roster page keeps its state in one [`Console`] of plain signals in
//! context (small WASM: few signal types, no resources or actions). All of
//! it belongs to the page and goes when it unmounts; a kiosk's idle reset
//! loads the residents' start page afresh and clears storage, so nothing of
//! a resident or volunteer stays.

mod entry;
mod roster;
mod sign_in;
mod slot;
mod walk_in;

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::sync::QueuedAction;
use linli_model::{
    BookingCode, BookingStatus, CenterFile, Date, ErrorCode, Roster, ServiceKind, StaffAction,
    TimeOfDay,
};

pub use roster::VolunteerRoster;
pub use sign_in::VolunteerSignIn;

use crate::backend::{BackendError, OfflineMark, Staff, forget_staff};
use crate::components::error_message;
use crate::i18n::{I18n, error_text, use_i18n};

mod text;
pub use text::{VolunteerText, volunteer_text};

/// A text picked from the console's table (see [`tr`]).
pub type VText = fn(&'static VolunteerText) -> &'static str;

/// The console's table in the page's language (reactive in a view).
pub fn vt(i18n: I18n) -> &'static VolunteerText {
    volunteer_text(i18n.lang.get())
}

/// A text of the table that follows the language. Every label of the
/// console goes through this one closure type: each distinct closure in a
/// view compiles its own rendering code, and the first load pays for it.
pub fn tr(text: VText) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || text(vt(i18n))
}

/// The console's buttons, all one view type (see [`tr`]).
pub fn button(
    class: &'static str,
    label: VText,
    disabled: Signal<bool>,
    described_by: Option<String>,
    click: Callback<()>,
) -> impl IntoView {
    view! {
        <button type="button" class=class disabled=disabled aria-describedby=described_by on:click=move |_| click.run(())>
            {tr(label)}
        </button>
    }
}

/// A booking code with a text: a revealed phone, or a walk-in's slot id.
type Noted = RwSignal<Option<(BookingCode, String)>>;

#[derive(Clone, Copy)]
pub struct Console {
    pub staff: StoredValue<Option<Staff>>,
    pub date: RwSignal<Date>,
    pub kind: RwSignal<Option<ServiceKind>>,
    pub roster: RwSignal<Option<Roster>>,
    /// The centre's file: its name, and the offerings walk-ins need.
    pub center: RwSignal<Option<CenterFile>>,
    pub failure: RwSignal<Option<BackendError>>,
    /// "HH:MM:SS" of the last successful load.
    pub refreshed: RwSignal<String>,
    /// The one inline form open (`cancel:CODE`, `walk-in:SLOT`) or empty.
    /// Automatic refreshes wait while one is open: re-rendering the roster
    /// would drop what is being typed.
    pub open: RwSignal<String>,
    pub reason: RwSignal<String>,
    /// The one booking whose full number is shown.
    pub revealed: Noted,
    /// The last walk-in booked, shown under its slot.
    pub booked: Noted,
    /// The last action that failed, shown in its booking's row.
    pub row_error: RwSignal<Option<(BookingCode, BackendError)>>,
    /// A call is under way: action buttons wait (no double check-ins).
    pub busy: RwSignal<bool>,
    /// Where to go once signed out: sign-in, saying why when the server
    /// no longer knew the token (expired, signed out elsewhere, PIN changed).
    pub signed_out: RwSignal<Option<&'static str>>,
    /// Whether the roster shown came from the server just now (offline:
    /// the one last loaded).
    pub live: RwSignal<bool>,
    /// Actions made offline: waiting ("待同步"), or refused when sent,
    /// shown in the booking's row until the next action on it. Read as the
    /// rows are drawn (each roster draws them afresh, after this is set).
    pub marks: RwSignal<Vec<OfflineMark>>,
}

pub fn use_console() -> Console {
    expect_context::<Console>()
}

impl Console {
    pub fn new(staff: Staff) -> Console {
        Console {
            staff: StoredValue::new(Some(staff)),
            date: RwSignal::new(crate::platform::now().date),
            kind: RwSignal::new(None),
            roster: RwSignal::new(None),
            center: RwSignal::new(None),
            failure: RwSignal::new(None),
            refreshed: RwSignal::new(String::new()),
            open: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            revealed: RwSignal::new(None),
            booked: RwSignal::new(None),
            row_error: RwSignal::new(None),
            busy: RwSignal::new(false),
            signed_out: RwSignal::new(None),
            live: RwSignal::new(true),
            marks: RwSignal::new(Vec::new()),
        }
    }

    fn staff(self) -> Option<Staff> {
        self.staff.try_get_value().flatten()
    }

    /// Loads the roster of the chosen day and kind again.
    pub fn reload(self) {
        self.reload_then_focus(None);
    }

    /// Loads the roster again, then gives the keyboard focus back to the
    /// booking `focus` (see [`refocus`]).
    pub fn reload_then_focus(self, focus: Option<BookingCode>) {
        let (Some(staff), Some(date), Some(kind)) = (
            self.staff(),
            self.date.try_get_untracked(),
            self.kind.try_get_untracked(),
        ) else {
            return;
        };
        spawn_local(async move {
            if !self.synced(&staff).await {
                return;
            }
            match staff.roster(date, kind).await {
                Ok((roster, live)) => {
                    self.marks.update(|m| {
                        m.retain(|(.., refused)| refused.is_some());
                        m.extend(staff.pending());
                    });
                    self.live.set(live);
                    self.roster.set(Some(roster));
                    self.failure.set(None);
                    if live {
                        self.refreshed.set(clock_text());
                    }
                    if let Some(code) = focus {
                        refocus(code);
                    }
                }
                Err(e) => self.fail(e),
            }
        });
    }

    /// Sends what waits on the device first (every load and every action
    /// does, so the queue goes once the network is back, and before anything
    /// newer); false when the session has ended. Offline, it waits.
    async fn synced(self, staff: &Staff) -> bool {
        match staff.sync().await {
            Ok(refused) if !refused.is_empty() => self.marks.update(|m| m.extend(refused)),
            Err(BackendError::Api { status: 401, .. }) => {
                self.fail(unauthorized());
                return false;
            }
            _ => {}
        }
        true
    }

    /// Another day or kind: what was shown for the last one goes.
    pub fn show(self, date: Date, kind: Option<ServiceKind>) {
        self.date.set(date);
        self.kind.set(kind);
        self.roster.set(None);
        self.clear_marks();
        self.reload();
    }

    fn clear_marks(self) {
        self.open.set(String::new());
        self.revealed.set(None);
        self.booked.set(None);
        self.row_error.set(None);
    }

    fn fail(self, error: BackendError) {
        if matches!(error, BackendError::Api { status: 401, .. }) {
            forget_staff();
            self.signed_out.set(Some("/volunteer?expired=1"));
        } else {
            self.failure.set(Some(error));
        }
    }

    /// Check-in, undo, no-show or cancel, then the roster afresh (its counts
    /// change too). A refusal is shown in the booking's row.
    pub fn act(self, code: BookingCode, action: StaffAction, reason: Option<String>) {
        let Some(staff) = self.staff() else { return };
        self.busy.set(true);
        self.row_error.set(None);
        self.marks.update(|m| m.retain(|(k, ..)| *k != code));
        spawn_local(async move {
            let answer = if self.synced(&staff).await {
                staff.act(code, action, reason).await
            } else {
                Err(unauthorized())
            };
            self.busy.set(false);
            match answer {
                Ok(_) => {
                    self.open.set(String::new());
                    self.reason.set(String::new());
                }
                Err(BackendError::Api { status: 401, .. }) => return self.fail(unauthorized()),
                Err(e) => self.row_error.set(Some((code, e))),
            }
            self.reload_then_focus(Some(code));
        });
    }

    /// Shows one booking's full number, for a call (the server logs it).
    pub fn reveal(self, code: BookingCode) {
        let Some(staff) = self.staff() else { return };
        spawn_local(async move {
            match staff.phone(code).await {
                Ok(phone) => self.revealed.set(Some((code, phone))),
                Err(BackendError::Api { status: 401, .. }) => self.fail(unauthorized()),
                Err(e) => self.row_error.set(Some((code, e))),
            }
        });
    }

    /// Forgets the session here at once and ends it on the server.
    pub fn sign_out(self) {
        let staff = self.staff.try_update_value(Option::take).flatten();
        forget_staff();
        self.signed_out.set(Some("/volunteer"));
        if let Some(staff) = staff {
            spawn_local(staff.sign_out());
        }
    }
}

/// The roster is drawn afresh after each action, and the button that was
/// pressed is gone (disabled while busy, then replaced): without this the
/// focus falls back to the page, and a keyboard or switch user starts again
/// from the top. It goes to the booking's first action, which is the next
/// step (undo after check-in, check-in after no-show), or to its row when
/// nothing is left to do (cancelled). Waits a frame for the view to update.
pub fn refocus(code: BookingCode) {
    use wasm_bindgen::JsCast;
    request_animation_frame(move || {
        let Some(row) = document().get_element_by_id(&row_id(code)) else {
            return;
        };
        let action = row
            .query_selector(".vol-row-actions button:not([disabled])")
            .ok()
            .flatten();
        if let Ok(target) = action.unwrap_or(row).dyn_into::<web_sys::HtmlElement>() {
            let _ = target.focus();
        }
    });
}

/// The id of a booking's row on the roster.
pub fn row_id(code: BookingCode) -> String {
    format!("booking-{code}")
}

fn unauthorized() -> BackendError {
    BackendError::refusal(401, ErrorCode::Unauthorized, "", None)
}

/// What to tell a volunteer about a failed call.
pub fn staff_error(t: &'static VolunteerText, error: &BackendError) -> String {
    match error.code() {
        Some(code) => staff_text(t, code),
        None => error_message(t, error),
    }
}

fn staff_text(t: &'static VolunteerText, code: ErrorCode) -> String {
    match code {
        ErrorCode::SlotNotStarted => t.vol_err_not_started,
        ErrorCode::SlotEnded => t.vol_err_ended,
        ErrorCode::InvalidTransition => t.vol_err_changed,
        ErrorCode::ReasonTooLong => t.vol_err_reason,
        ErrorCode::Unauthorized => t.vol_expired,
        ErrorCode::InvalidPin => t.vol_err_pin,
        ErrorCode::NoDevicePin => t.vol_err_no_device_pin,
        ErrorCode::DeviceTimeInvalid => t.vol_err_device_time,
        _ => return error_text(t, code),
    }
    .into()
}

/// A queued action the server refused, in its booking's row: what, and
/// why, e.g. "签到未记录。预约已被取消。"
pub fn conflict_text(
    t: &'static VolunteerText,
    action: QueuedAction,
    error: ErrorCode,
    status: BookingStatus,
) -> String {
    let what = match action {
        QueuedAction::CheckIn => t.vol_check_in,
        QueuedAction::UndoCheckIn => t.vol_undo,
        QueuedAction::NoShow => t.vol_no_show,
    };
    let why = if status == BookingStatus::Cancelled {
        t.vol_err_cancelled.into()
    } else {
        staff_text(t, error)
    };
    (t.vol_sync_conflict)(what, &why)
}

/// Whether the centres' time has reached `start` on `date` (a slot's start,
/// or with its end time whether it has ended).
pub fn started(date: Date, start: TimeOfDay) -> bool {
    crate::platform::now() >= linli_model::LocalDateTime { date, time: start }
}

/// The time now in the centres' time zone (UTC+8), to the second.
fn clock_text() -> String {
    let s = ((js_sys::Date::now() / 1000.0) as i64 + 8 * 3600).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}
