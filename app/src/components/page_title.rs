use leptos::prelude::*;

/// The page's one `<h1>`, also named in the document title so screen
/// readers announce where the resident is after each step.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    Effect::new(move || {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&format!("{} · 邻里 Linli", text.get()));
        }
    });
    view! { <h1 tabindex="-1">{text}</h1> }
}
