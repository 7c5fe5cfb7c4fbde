//! The static backend's bookings on this device: one [`Ledger`] record in
//! IndexedDB, read and changed inside one read-write transaction.
//!
//! Why IndexedDB and not localStorage: its read-write transactions on a
//! store run one after another across every tab of the origin, so two tabs
//! can't both read "one seat left" and both take it; and a transaction with
//! `durability: "strict"` is on disk when it completes, so a booking shown
//! on the receipt survives a power cut. localStorage offers neither.
//!
//! The kiosk's idle reset clears localStorage and sessionStorage (the
//! resident's traces) but never this database: it is the centre's bookings.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use linli_model::ledger::{Ledger, LedgerError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction};

use super::BackendError;

const DATABASE: &str = "linli";
/// The IndexedDB schema version (object stores), not the ledger's shape:
/// that is versioned inside the record (`Ledger::version`).
const DATABASE_VERSION: u32 = 1;
const STORE: &str = "ledger";
const KEY: &str = "bookings";

/// Why the device's storage failed, for a message that says what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    /// The browser refuses more data (QuotaExceededError).
    Full,
    /// No IndexedDB (private mode in some browsers, or blocked by policy).
    Unavailable,
    /// The stored bookings come from a newer Linli: not touched.
    NewerVersion,
}

/// Reads the ledger (an empty one on a new device).
pub async fn read() -> Result<Ledger, BackendError> {
    change(|ledger| Ok(ledger.clone()))
        .await?
        .map_err(BackendError::from)
}

/// Applies `apply` to the stored ledger inside one read-write transaction
/// and writes it back if `apply` changed it. The outer `Result` is the
/// storage's failure, the inner one the rule's refusal.
pub async fn change<R: 'static>(
    apply: impl FnOnce(&mut Ledger) -> Result<R, LedgerError> + 'static,
) -> Result<Result<R, LedgerError>, BackendError> {
    let db = open().await?;
    let result = change_in(&db, apply).await;
    // Closed whatever happened: an open connection would block a later
    // version's upgrade in another tab.
    db.close();
    result
}

async fn change_in<R: 'static>(
    db: &IdbDatabase,
    apply: impl FnOnce(&mut Ledger) -> Result<R, LedgerError> + 'static,
) -> Result<Result<R, LedgerError>, BackendError> {
    let tx = read_write(db)?;
    let store = tx.object_store(STORE).map_err(storage_error)?;
    let get = store.get(&JsValue::from_str(KEY)).map_err(storage_error)?;
    let outcome: Rc<RefCell<Option<Result<R, LedgerError>>>> = Rc::default();
    let on_read = {
        let outcome = Rc::clone(&outcome);
        let get = get.clone();
        Closure::once_into_js(move || {
            let result = stored_ledger(&get).and_then(|mut ledger| {
                let before = ledger.clone();
                // The privacy notice's 30 days, kept on the device too:
                // whoever opens the ledger first each day erases what is due.
                ledger.erase_expired(crate::platform::now().date);
                let answer = apply(&mut ledger)?;
                if ledger != before {
                    write(&store, &ledger);
                }
                Ok(answer)
            });
            *outcome.borrow_mut() = Some(result);
        })
    };
    get.set_onsuccess(Some(on_read.unchecked_ref()));
    finished(&tx).await?;
    let result = outcome.borrow_mut().take();
    result.ok_or(BackendError::Storage(StorageProblem::Unavailable))
}

/// The ledger in the record, upgraded to this version's shape.
fn stored_ledger(get: &IdbRequest) -> Result<Ledger, LedgerError> {
    let text = get.result().ok().and_then(|v| v.as_string());
    match text {
        None => Ok(Ledger::new()),
        // A record this code can't read is never overwritten with an empty
        // ledger: treat it as a newer version's and leave it alone.
        Some(text) => serde_json::from_str::<Ledger>(&text)
            .map_err(|_| LedgerError::NewerVersion(u32::MAX))?
            .upgraded(),
    }
}

fn write(store: &IdbObjectStore, ledger: &Ledger) {
    // Serialising our own types can't fail; a failed put aborts the
    // transaction, which `finished` reports.
    if let Ok(json) = serde_json::to_string(ledger) {
        let _ = store.put_with_key(&JsValue::from_str(&json), &JsValue::from_str(KEY));
    }
}

async fn open() -> Result<IdbDatabase, BackendError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(BackendError::Storage(StorageProblem::Unavailable))?;
    let request: IdbOpenDbRequest = factory
        .open_with_u32(DATABASE, DATABASE_VERSION)
        .map_err(storage_error)?;
    let upgrade = {
        let request = request.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Ok(db) = request.result().and_then(|r| r.dyn_into::<IdbDatabase>())
                && !db.object_store_names().contains(STORE)
            {
                let _ = db.create_object_store(STORE);
            }
        })
    };
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = settled(&request).await;
    request.set_onupgradeneeded(None);
    db?.dyn_into::<IdbDatabase>().map_err(storage_error)
}

/// A read-write transaction that is on disk when it completes. The
/// `durability` option is not in web-sys's stable API, so the options
/// object is passed through `Reflect`.
fn read_write(db: &IdbDatabase) -> Result<IdbTransaction, BackendError> {
    let options = Object::new();
    let _ = Reflect::set(&options, &"durability".into(), &"strict".into());
    let transaction = Reflect::get(db, &"transaction".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
        .and_then(|f| f.call3(db, &STORE.into(), &"readwrite".into(), &options))
        .map_err(storage_error)?;
    transaction.dyn_into().map_err(storage_error)
}

/// Waits for a request's success (its result) or error.
async fn settled(request: &IdbRequest) -> Result<JsValue, BackendError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::NULL));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed.error().ok().flatten().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or(JsValue::NULL));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(storage_error)
}

/// Waits for a transaction to commit. A failed request or commit (a full
/// disk is the usual one) aborts the transaction, so `abort` is the one
/// failure event to wait for.
async fn finished(tx: &IdbTransaction) -> Result<(), BackendError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = tx.clone();
        let on_abort = Closure::once_into_js(move || {
            let error = failed.error().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or(JsValue::NULL));
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map(drop)
        .map_err(storage_error)
}

/// `QuotaExceededError` is a full storage; anything else is unavailable.
fn storage_error(error: JsValue) -> BackendError {
    let name = Reflect::get(&error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    BackendError::Storage(if name == "QuotaExceededError" {
        StorageProblem::Full
    } else {
        StorageProblem::Unavailable
    })
}

/// Asks the browser to keep this origin's storage under pressure instead
/// of evicting it: a kiosk's bookings (static backend) are not a cache, and
/// its service worker's copy of the app is what it starts from when the
/// network is down. Chromium grants it
/// to installed or often-used sites; a refusal changes nothing else.
pub fn ask_to_persist() {
    if let Some(window) = web_sys::window()
        && let Ok(promise) = window.navigator().storage().persist()
    {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}
