//! One file per screen of the residents' app: booking, and their bookings.

mod centers;
mod dates;
mod details;
mod flow;
mod full_slot;
mod home;
mod my_bookings;
mod my_cancel;
mod my_detail;
mod my_lookup;
mod my_rating;
mod my_remembered;
mod my_remembered_item;
mod my_wait;
mod receipt;
mod review;
mod slots;
mod wait_receipt;

pub use centers::CenterPicker;
pub use dates::DatePicker;
pub use details::DetailsForm;
pub use flow::keyed;
pub use home::Home;
pub use my_bookings::MyBookings;
pub use receipt::Receipt;
pub use review::Review;
pub use slots::SlotPicker;
