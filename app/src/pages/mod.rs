//! One file per screen of the booking flow.

mod centers;
mod dates;
mod details;
mod flow;
mod full_slot;
mod home;
mod not_found;
mod receipt;
mod review;
mod slots;

pub use centers::CenterPicker;
pub use dates::DatePicker;
pub use details::DetailsForm;
pub use home::Home;
pub use not_found::NotFound;
pub use receipt::Receipt;
pub use review::Review;
pub use slots::SlotPicker;
