//! Pieces shared by several pages.

mod error_panel;
mod loading;
mod meal_options;
mod page_title;
mod party_size;
mod privacy_notice;
mod steps;
mod text_field;
mod top_bar;

pub use error_panel::{ErrorPanel, error_message};
pub use loading::Loading;
pub use meal_options::{MealOptions, diet_name, dining_name};
pub use page_title::PageTitle;
pub use party_size::PartySize;
pub use privacy_notice::PrivacyNotice;
pub use steps::{Step, StepIndicator};
pub use text_field::TextField;
pub use top_bar::TopBar;
