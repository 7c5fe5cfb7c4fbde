//! "第 2 步，共 4 步": where the resident is in the booking.

use leptos::prelude::*;

use crate::i18n::{Strings, use_i18n};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Center,
    Date,
    Time,
    Details,
    Review,
}

impl Step {
    fn label(self, t: &'static Strings) -> &'static str {
        match self {
            Step::Center => t.step_center,
            Step::Date => t.step_date,
            Step::Time => t.step_time,
            Step::Details => t.step_details,
            Step::Review => t.step_review,
        }
    }

    /// A kiosk is bound to its centre, so it skips choosing one.
    pub fn flow(kiosk: bool) -> &'static [Step] {
        const WEB: [Step; 5] = [
            Step::Center,
            Step::Date,
            Step::Time,
            Step::Details,
            Step::Review,
        ];
        if kiosk { &WEB[1..] } else { &WEB }
    }
}

#[component]
pub fn StepIndicator(current: Step) -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = expect_context::<crate::config::AppConfig>()
        .kiosk_center()
        .is_some();
    let flow = Step::flow(kiosk);
    let position = flow.iter().position(|s| *s == current).unwrap_or(0) + 1;
    let total = flow.len();
    view! {
        <nav class="steps" aria-label=move || i18n.t().steps>
            <p class="steps-count">{move || (i18n.t().step_of)(position, total)}</p>
            <ol>
                {flow
                    .iter()
                    .enumerate()
                    .map(|(i, step)| {
                        let step = *step;
                        let state = match (i + 1).cmp(&position) {
                            std::cmp::Ordering::Less => "done",
                            std::cmp::Ordering::Equal => "current",
                            std::cmp::Ordering::Greater => "todo",
                        };
                        view! {
                            <li class=state aria-current=(state == "current").then_some("step")>
                                <span class="step-number" aria-hidden="true">{i + 1}</span>
                                <span class="step-label">{move || step.label(i18n.t())}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
