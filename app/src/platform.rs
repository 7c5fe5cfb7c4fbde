//! Small wrappers over browser APIs the pages need.

pub fn query_string() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

thread_local! {
    static BASE_PATH: String = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname().trim_end_matches('/').to_owned())
        .unwrap_or_default();
}

/// The path the app is served under: `""` at a site's root, `"/linli"`
/// below a sub-path. Read from the `<base href>` Trunk writes from its
/// public URL, so one setting at build time moves the whole app.
pub fn base_path() -> String {
    BASE_PATH.with(Clone::clone)
}

/// An app path (`/my`) as a link's `href` under the base path. The
/// router's `navigate` and `Redirect` add the base themselves; its `<A>`
/// leaves absolute paths as they are, so links go through here.
pub fn href(path: &str) -> String {
    format!("{}{path}", base_path())
}

/// The current time in the centres' local time.
pub fn now() -> linli_model::LocalDateTime {
    linli_model::LocalDateTime::from_unix_millis(js_sys::Date::now() as i64)
}

/// Fills `bytes` from Web Crypto's CSPRNG; false where there is none.
fn fill_random(bytes: &mut [u8]) -> bool {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(bytes).is_ok())
}

/// A fresh random idempotency key, so a retried booking is never booked twice.
pub fn random_key() -> String {
    let mut bytes = [0u8; 16];
    if !fill_random(&mut bytes) {
        // No Web Crypto (very old browsers): time and Math.random still make
        // collisions between two devices practically impossible.
        let seed = js_sys::Date::now().to_bits() ^ (js_sys::Math::random() * 1e15) as u64;
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Five CSPRNG bytes for a booking code made on the device (static
/// backend). Without Web Crypto no code is made at all: a guessable code
/// would let a stranger read a resident's booking.
pub fn random_code_bytes() -> [u8; 5] {
    let mut bytes = [0u8; 5];
    if !fill_random(&mut bytes) {
        // Unreachable on any browser that runs WebAssembly, which all have
        // Web Crypto; stop rather than book with a predictable code.
        wasm_bindgen::throw_str("Web Crypto is not available: no booking code can be made");
    }
    bytes
}

/// Marks the root element, so the kiosk's larger sizes (in rem) apply everywhere.
pub fn set_root_class(class: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.class_list().add_1(class);
    }
}

pub fn set_document_lang(tag: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Opens the browser's print dialog (the receipt's print view).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Moves focus to the first element matching `selector`, so screen readers
/// follow when part of a page is replaced (give it `tabindex="-1"`). Waits
/// a frame: the view updates after the signal change that asked for it.
pub fn focus(selector: &'static str) {
    use wasm_bindgen::JsCast;
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

/// Adds or removes a class on the root element: the display modes
/// (`large-text`, `high-contrast`) are classes the style sheet follows.
pub fn set_root_class_on(class: &str, on: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.class_list().toggle_with_force(class, on);
    }
}

/// Where a device's settings are kept: a kiosk keeps them for the session
/// only (its idle reset clears all storage, so the next resident starts
/// plain); a resident's own phone keeps them. `None` when storage is blocked.
pub fn settings_storage(kiosk: bool) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    let storage = if kiosk {
        window.session_storage()
    } else {
        window.local_storage()
    };
    storage.ok().flatten()
}
