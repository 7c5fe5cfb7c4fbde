//! Pieces shared by several pages.

mod care_options;
mod choice_buttons;
mod details_rows;
mod error_panel;
mod legal_options;
mod loading;
mod meal_options;
mod mediation_options;
mod page_title;
mod party_size;
mod privacy_notice;
mod sensitive_consent;
mod steps;
mod text_area;
mod text_field;
mod top_bar;

pub use care_options::CareOptions;
pub use choice_buttons::ChoiceButtons;
pub use details_rows::DetailsRows;
pub use error_panel::{ErrorPanel, error_message};
pub use legal_options::{LegalOptions, topic_name};
pub use loading::Loading;
pub use meal_options::{MealOptions, diet_name, dining_name};
pub use mediation_options::{MediationOptions, category_name};
pub use page_title::PageTitle;
pub use party_size::PartySize;
pub use privacy_notice::PrivacyNotice;
pub use sensitive_consent::SensitiveConsent;
pub use steps::{Step, StepIndicator};
pub use text_area::TextArea;
pub use text_field::TextField;
pub use top_bar::TopBar;
