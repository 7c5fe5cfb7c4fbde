//! The server's integration tests, as one binary (one link of the server,
//! not one per file): the API over HTTP against a real server on loopback,
//! the binary as a process, and the stores. Every test runs against SQLite,
//! or against PostgreSQL when `LINLI_TEST_POSTGRES` names a server
//! (`common/db.rs`).

mod common;

mod abuse;
mod api_read;
mod backup;
mod bookings;
mod closures;
mod concurrency;
mod connections;
mod device_pin;
mod disk_full;
mod import_bookings;
mod instances;
mod kinds;
mod manage_accounts;
mod manage_audit;
mod manage_auth;
mod manage_catalog;
mod manage_pins;
mod manage_scope;
mod meals;
mod process;
mod ratings;
mod retention;
mod sensitive;
mod static_files;
mod store;
mod texts;
mod texts_notices;
mod validation;
mod volunteer_actions;
mod volunteer_auth;
mod volunteer_csv;
mod volunteer_pin;
mod volunteer_roster;
mod volunteer_sync;
mod volunteer_walk_in_window;
mod waitlist;
mod waitlist_concurrency;
