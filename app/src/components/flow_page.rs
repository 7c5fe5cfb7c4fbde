//! The frame every booking step shares: where the resident is, the page's
//! heading, its content with loading and failure states, and the way back.
//! One frame for all steps also means one copy of the loading machinery in
//! the WASM instead of one per page.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{ErrorPanel, Loading, PageTitle, Step, StepIndicator};
use crate::i18n::{Text, use_i18n};

#[component]
pub fn FlowPage(
    step: Step,
    title: Text,
    /// Where "back" goes, and what it says.
    back: String,
    #[prop(default = |t| t.back)] back_label: Text,
    /// Loads the page's data again after a failure.
    #[prop(into)]
    retry: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StepIndicator current=step />
        <PageTitle text=Signal::derive(move || title(i18n.t()).to_owned()) />
        <Transition fallback=Loading>
            <ErrorBoundary fallback=move |errors| view! { <ErrorPanel errors retry /> }>
                {children()}
            </ErrorBoundary>
        </Transition>
        <nav class="flow-nav">
            <A href=crate::platform::href(&back) attr:class="button secondary back">{move || back_label(i18n.t())}</A>
        </nav>
    }
}
