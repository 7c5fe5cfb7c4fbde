//! Linli 邻里: what the two pages of the app share. The residents' page
//! (`main.rs`, `index.html`) and the staff page (`staff/main.rs`,
//! `staff.html`, at `/volunteer`) are two binaries built into two bundles,
//! so a resident's kiosk or phone never downloads the staff screens; both
//! link this library, and each takes only what its screens use.

pub mod backend;
pub mod calendar;
pub mod components;
pub mod config;
pub mod draft;
pub mod frame;
pub mod i18n;
pub mod kiosk;
pub mod network;
pub mod platform;
pub mod remembered;
