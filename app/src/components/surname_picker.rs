//! 点选姓氏: a name without typing. A kiosk's touch screen often has no
//! Chinese input method, so the resident taps a surname (the hundred most
//! frequent, or any of about four hundred by the first letter of its pinyin)
//! and then a form of address, and "张阿姨" fills the name field, which stays
//! an ordinary input for whoever can type. The table is `surnames.json`,
//! fetched when the picker first opens: it is neither in the WASM nor in the
//! first load.
//!
//! Built small, since every resident downloads it: the picker is plain HTML
//! made from two strings (where it is, and the table's text), with one click
//! handler reading the `data-go` of the button pressed. Leptos views for
//! four hundred buttons of four kinds cost the bundle kilobytes.

use gloo_net::http::Request;
use js_sys::{JSON, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::config::{AppConfig, Mode};
use crate::draft::use_draft;
use crate::i18n::{Strings, use_i18n};
use crate::platform;

/// How the centre calls a resident. The name stays Chinese in English too.
const FORMS: [&str; 6] = ["阿姨", "叔叔", "奶奶", "爷爷", "女士", "先生"];

/// The surnames at `key` of the table (`common`, or a letter of
/// `by_initial`), without any that HTML would read as markup.
fn surnames(table: &JsValue, key: &str) -> Vec<String> {
    let words = Reflect::get(table, &key.into())
        .ok()
        .and_then(|w| w.as_string());
    let words = words.unwrap_or_default();
    words
        .split_whitespace()
        .filter(|w| !w.contains(['<', '>', '&', '"']))
        .map(str::to_owned)
        .collect()
}

/// A button that goes to `go` (see [`picker_html`]); `lead` and `trail`
/// around the part read aloud. One span holds the label: the button's flex
/// layout would make each piece a block, and "张 阿姨" its accessible name.
fn button(html: &mut String, go: &str, attrs: &str, lead: &str, spoken: &str, trail: &str) {
    html.push_str(&format!(
        r#"<button type="button" class="button secondary" data-go="{go}"{attrs}><span>{lead}<span class="spoken">{spoken}</span>{trail}</span></button>"#
    ));
}

/// The picker as HTML, at `stage`: `""` closed, `c` the common surnames, `i`
/// the pinyin index (`iZ` at Z), `f张` the forms of address for 张. (A
/// button's `d张阿姨` is the name chosen.) `table` is the file's text, empty
/// while it loads. Every text is the app's own or a surname without markup.
fn picker_html(stage: &str, table: &str, t: &Strings) -> String {
    let mut html = String::new();
    let open = if stage.is_empty() { "false" } else { "true" };
    let go = if stage.is_empty() { "c" } else { "" };
    let attrs = format!(r#" aria-expanded="{open}" id="picker-toggle""#);
    button(&mut html, go, &attrs, "", t.picker_toggle, "");
    if stage.is_empty() {
        return html;
    }
    // Text that isn't the table reads as no surnames at all.
    let parsed = JSON::parse(table).unwrap_or_default();
    let by_initial = Reflect::get(&parsed, &"by_initial".into()).unwrap_or_default();
    let common = surnames(&parsed, "common");
    let mut chars = stage.chars();
    let step = chars.next();
    let rest = chars.as_str();
    let (prompt, back, back_to) = match step {
        _ if table.is_empty() => (t.loading, "", ""),
        _ if common.is_empty() => (t.picker_failed, "", ""),
        Some('i') => (t.picker_index, t.picker_common_back, "c"),
        Some('f') => (t.picker_form, t.picker_other, "c"),
        _ => (t.picker_common, t.picker_more, "i"),
    };
    html.push_str(&format!(
        r#"<div class="picker" role="group" aria-labelledby="picker-prompt"><p class="picker-prompt" id="picker-prompt" tabindex="-1">{prompt}</p>"#
    ));
    if !back.is_empty() {
        let grid = |html: &mut String, class: &str, list: Vec<String>| {
            html.push_str(&format!(r#"<div class="picker-grid{class}">"#));
            for s in list {
                button(html, &format!("f{s}"), "", "", &s, "");
            }
        };
        match step {
            Some('i') => {
                html.push_str(&format!(
                    r#"<div class="picker-letters" role="group" aria-label="{}">"#,
                    t.picker_letters
                ));
                // Pinyin has no I, U or V initial: only letters with a surname.
                for l in ('A'..='Z').filter(|l| !surnames(&by_initial, &l.to_string()).is_empty()) {
                    let pressed = format!(r#" aria-pressed="{}""#, rest.starts_with(l));
                    button(
                        &mut html,
                        &format!("i{l}"),
                        &pressed,
                        "",
                        &l.to_string(),
                        "",
                    );
                }
                html.push_str("</div>");
                grid(&mut html, "", surnames(&by_initial, rest));
            }
            Some('f') => {
                grid(&mut html, " forms", Vec::new());
                for (form, english) in FORMS.iter().zip(t.address_forms) {
                    let name = format!("{rest}{form}");
                    let go = format!("d{name}");
                    // Chinese shows the name, "张阿姨"; English its own word
                    // first, "Auntie (张阿姨)". Read aloud: the form alone.
                    if english.is_empty() {
                        button(&mut html, &go, "", rest, form, "");
                    } else {
                        button(&mut html, &go, "", "", english, &format!(" ({name})"));
                    }
                }
            }
            _ => grid(&mut html, "", common),
        }
        // The way on or back, full width below the grid.
        html.push_str(r#"</div><div class="picker-step">"#);
        button(&mut html, back_to, "", "", back, "");
        html.push_str("</div>");
    }
    html.push_str("</div>");
    html
}

#[component]
pub fn SurnamePicker() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    // A kiosk offers it at once while the name is empty; a phone has its
    // own input method, so there it waits behind its button.
    let kiosk = expect_context::<AppConfig>().mode == Mode::Kiosk;
    let stage = RwSignal::new(String::new());
    // The file's text: empty until it has come, unreadable if it failed.
    let table = RwSignal::new(String::new());
    // Opening fetches the table the first time, or again after a failure.
    let open = move || {
        stage.set("c".into());
        if JSON::parse(&table.get_untracked()).is_err() {
            spawn_local(async move {
                let text = match Request::get("surnames.json").send().await {
                    Ok(response) => response.text().await.ok(),
                    Err(_) => None,
                };
                table.set(text.unwrap_or_else(|| "-".into()));
            });
        }
    };
    if kiosk && draft.name.read_untracked().is_empty() {
        open();
    }
    // Focus follows each step for screen readers: the question that heads
    // it (focusing also scrolls it into view when a long grid gave way to a
    // short one), the letter just pressed, or the toggle.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let go = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-go]").ok().flatten())
            .and_then(|button| button.get_attribute("data-go"));
        let Some(go) = go else { return };
        let focus = if let Some(name) = go.strip_prefix('d') {
            draft.name.set(name.to_owned());
            draft.touch("name");
            stage.set(String::new());
            "#picker-toggle"
        } else if stage.with_untracked(String::is_empty) {
            open();
            "#picker-toggle"
        } else if go.is_empty() {
            stage.set(go);
            "#picker-toggle"
        } else {
            let letter = go.len() > 1 && go.starts_with('i');
            stage.set(go);
            if letter {
                ".picker [aria-pressed=true]"
            } else {
                ".picker-prompt"
            }
        };
        platform::focus(focus);
    };
    view! {
        <div
            class="picker-area"
            inner_html=move || picker_html(&stage.get(), &table.get(), i18n.t())
            on:click=on_click
        ></div>
    }
}
