//! `/manage/centers`: the centres in the member's scope, by street.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect};
use linli_model::Catalog;
use linli_model::manage::CenterSummary;

use super::api::ManageError;
use super::{mt, say, use_manager};
use crate::backend::Backend;
use crate::components::{Loading, PageTitle};
use crate::i18n::use_i18n;

#[component]
pub fn CenterList() -> impl IntoView {
    let manager = use_manager();
    let lang = use_i18n().lang;
    let centers = RwSignal::new(None::<Result<Vec<CenterSummary>, ManageError>>);
    // Street names are public: the residents' catalog has them.
    let catalog = RwSignal::new(None::<Catalog>);
    let backend = expect_context::<Backend>();
    spawn_local(async move {
        if let Ok(c) = backend.catalog().await {
            catalog.set(Some(c));
        }
    });
    Effect::new(move || {
        if manager.session.with(Option::is_some) {
            spawn_local(async move {
                centers.set(Some(manager.api.get_value().centers().await));
            });
        }
    });
    let street = move |c: &CenterSummary| {
        catalog.with(|cat| {
            cat.as_ref()
                .and_then(|cat| cat.streets.iter().find(|s| s.id == c.center.street_id))
                .map(|s| s.name.get(lang.get()).to_owned())
                .unwrap_or_else(|| c.center.street_id.to_string())
        })
    };
    let title = Signal::derive(move || {
        super::text::manage_text(lang.get())
            .centers_title
            .to_owned()
    });
    let rows = move || {
        centers.with(|c| match c {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <p class="banner error" role="alert">{say(e)}</p> }.into_any(),
            Some(Ok(list)) => {
                let rows = list
                    .iter()
                    .map(|c| {
                        let href = format!("/manage/centers/{}", c.center.id);
                        let name = c.center.name.get(lang.get()).to_owned();
                        view! {
                            <tr>
                                <th scope="row"><A href=href>{name}</A></th>
                                <td>{street(c)}</td>
                                <td class="number">{c.offerings}</td>
                                <td class="number">{c.today.booked}</td>
                                <td class="number">{c.today.checked_in}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="manage-table">
                        <caption class="visually-hidden">{mt(|t| t.centers_title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{mt(|t| t.center_col)}</th>
                                <th scope="col">{mt(|t| t.street_col)}</th>
                                <th scope="col" class="number">{mt(|t| t.services_col)}</th>
                                <th scope="col" class="number">{mt(|t| t.booked_today)}</th>
                                <th scope="col" class="number">{mt(|t| t.checked_in_today)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
        })
    };
    move || {
        if manager.checked.get() && manager.session.with(Option::is_none) {
            return view! { <Redirect path="/manage" /> }.into_any();
        }
        view! {
            <section class="manage-page">
                <PageTitle text=title />
                {rows}
            </section>
        }
        .into_any()
    }
}
