//! Phone mode, step 1: choose the centre, grouped by street office.

use leptos::prelude::*;
use leptos_router::components::{A, Redirect};

use super::flow::{center_path, use_flow_params};
use crate::backend::Backend;
use crate::components::{FlowPage, Step};
use crate::config::AppConfig;
use crate::i18n::use_i18n;

#[component]
pub fn CenterPicker() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_flow_params();
    let backend = expect_context::<Backend>();
    let config = expect_context::<AppConfig>();
    let Some(kind) = params.get_untracked().kind else {
        return view! { <Redirect path="/" /> }.into_any();
    };
    // A kiosk is bound to its centre: straight on to choosing the day.
    if let Some(center) = config.kiosk_center() {
        return view! { <Redirect path=center_path(kind, center) /> }.into_any();
    }
    let catalog = LocalResource::new(move || {
        let backend = backend.clone();
        async move { backend.catalog().await }
    });
    let lang = i18n.lang;
    let list = move || {
        Suspend::new(async move {
            let catalog = catalog.await?;
            let groups = catalog
                .centers_by_street()
                .into_iter()
                .filter(|(_, centers)| !centers.is_empty())
                .map(|(street_id, centers)| {
                    let street = catalog.streets.iter().find(|s| &s.id == street_id).map(|s| s.name.clone());
                    let heading_id = format!("street-{street_id}");
                    let labelled_by = heading_id.clone();
                    let items = centers
                        .into_iter()
                        .map(|c| {
                            let name = c.name.clone();
                            let address = c.address.clone();
                            view! {
                                <li>
                                    <A href=crate::platform::href(&center_path(kind, &c.id)) attr:class="choice">
                                        <span class="choice-title">{move || name.get(lang.get()).to_owned()}</span>
                                        <span class="choice-note">{move || address.get(lang.get()).to_owned()}</span>
                                    </A>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <section class="street" aria-labelledby=labelled_by>
                            <h2 id=heading_id>{move || street.as_ref().map(|s| s.get(lang.get()).to_owned())}</h2>
                            <ul class="choices">{items}</ul>
                        </section>
                    }
                })
                .collect_view();
            Ok::<_, crate::backend::BackendError>(groups)
        })
    };
    view! {
        <FlowPage step=Step::Center title=|t| t.centers_title back="/".into() retry=move |_| catalog.refetch()>
            <p class="eyebrow">{move || i18n.t().kind(kind).name}</p>
            {list}
        </FlowPage>
    }
    .into_any()
}
