//! 朗读: reads the screen's main content aloud with the browser's own speech
//! synthesis, in the resident's language: the title, the step, a receipt's
//! code letter by letter, and the instructions. Pressing again stops. Hidden
//! where the browser has no speech at all; where it has no voice for the
//! language, it says so instead of reading in a wrong voice.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use linli_model::Lang;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

use crate::i18n::{Text, use_i18n};

/// What is read, in page order. Never the review's or receipt's name and
/// phone: a kiosk stands in a public room. The surname picker's choices are
/// read, its forms of address without the surname ("阿姨", not "张阿姨").
const SPOKEN: &str = "main h1, main .steps-count, main .eyebrow, main .tile-name, \
    main .my-entry-name, main .code-label, main .code, main .receipt-what, \
    main .receipt-when, main .receipt-where, main .receipt > .hint, main .empty, \
    main .notice > p, main [role=alert], main .cancel-result, main .picker-prompt, \
    main .picker .spoken";

fn synth() -> Option<SpeechSynthesis> {
    // `speechSynthesis` is simply absent in some browsers and web views.
    web_sys::window()?
        .speech_synthesis()
        .ok()
        .filter(|s| !s.is_undefined())
}

/// A voice for the language: the exact one (`zh-CN`, not Cantonese) if
/// there is one, else any of the language.
fn voice(synth: &SpeechSynthesis, lang: Lang) -> Option<SpeechSynthesisVoice> {
    let exact = lang.tag().to_ascii_lowercase();
    let prefix = &exact[..2];
    let mut any = None;
    for v in synth.get_voices().iter() {
        let v: SpeechSynthesisVoice = v.unchecked_into();
        let tag = v.lang().to_ascii_lowercase().replace('_', "-");
        if tag == exact {
            return Some(v);
        }
        if any.is_none() && tag.starts_with(prefix) {
            any = Some(v);
        }
    }
    any
}

/// "K7QM-2P9D" read as "K, 7, Q, M, 2, P, 9, D": one character at a time,
/// as a resident would copy it down.
fn spell(code: &str, lang: Lang) -> String {
    let separator = if lang == Lang::Zh { "，" } else { ", " };
    let mut spelled = String::new();
    for c in code.chars().filter(char::is_ascii_alphanumeric) {
        if !spelled.is_empty() {
            spelled.push_str(separator);
        }
        spelled.push(c);
    }
    spelled
}

/// The screen's spoken pieces, as currently shown.
fn pieces(lang: Lang) -> Vec<String> {
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all(SPOKEN).ok())
    else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter_map(|el| {
            // `innerText` leaves out what is hidden, as a reader should;
            // the signs beside messages are for the eye (voices spell them out).
            let text: String = el
                .inner_text()
                .chars()
                .filter(|c| !matches!(c, '⚠' | '✓' | '✕' | '⛔'))
                .collect();
            let text = text.trim().to_owned();
            match (text.is_empty(), el.class_list().contains("code")) {
                (true, _) => None,
                (false, true) => Some(spell(&text, lang)),
                (false, false) => Some(text),
            }
        })
        .collect()
}

/// Starts reading; `false` when there is no voice for the language.
fn speak(synth: &SpeechSynthesis, lang: Lang, speaking: RwSignal<bool>) -> bool {
    let Some(voice) = voice(synth, lang) else {
        return false;
    };
    synth.cancel();
    let pieces = pieces(lang);
    let last = pieces.len().saturating_sub(1);
    // One utterance per piece: some engines cut a long one off midway.
    for (i, text) in pieces.iter().enumerate() {
        let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else {
            return false;
        };
        utterance.set_lang(lang.tag());
        utterance.set_voice(Some(&voice));
        // A little slower than the default, for older listeners.
        utterance.set_rate(0.9);
        if i == last {
            let done = wasm_bindgen::closure::Closure::once_into_js(move || speaking.set(false));
            utterance.set_onend(Some(done.unchecked_ref()));
        }
        synth.speak(&utterance);
    }
    true
}

#[component]
pub fn ReadAloud() -> impl IntoView {
    let i18n = use_i18n();
    if synth().is_none() {
        return ().into_any();
    }
    let speaking = RwSignal::new(false);
    let problem = RwSignal::new(None::<Text>);
    // Another screen or language: what was being read no longer applies.
    let path = use_location().pathname;
    Effect::new(move || {
        path.track();
        i18n.lang.track();
        if speaking.get_untracked() {
            if let Some(synth) = synth() {
                synth.cancel();
            }
            speaking.set(false);
        }
        problem.set(None);
    });
    let toggle = move |_| {
        let Some(synth) = synth() else { return };
        if speaking.get_untracked() {
            synth.cancel();
            speaking.set(false);
        } else if speak(&synth, i18n.lang.get_untracked(), speaking) {
            problem.set(None);
            speaking.set(true);
        } else {
            problem.set(Some(|t| t.speech_unsupported));
        }
    };
    view! {
        <button type="button" class="button secondary read-aloud" on:click=toggle>
            {move || if speaking.get() { i18n.t().stop_reading } else { i18n.t().read_aloud }}
        </button>
        <p class="speech-status" role="status">{move || problem.get().map(|text| text(i18n.t()))}</p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_spelled_one_character_at_a_time() {
        assert_eq!(spell("K7QM-2P9D", Lang::Zh), "K，7，Q，M，2，P，9，D");
        assert_eq!(spell("K7QM-2P9D", Lang::En), "K, 7, Q, M, 2, P, 9, D");
    }
}
