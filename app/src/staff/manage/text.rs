//! The console's words, in the staff bundle only: the residents' kiosks
//! and phones never download them.

use linli_model::account::RoleKind;
use linli_model::catalog_edit::EditError;
use linli_model::{ErrorCode, Lang, SlotId};

use super::api::ManageError;
use crate::i18n::{date_label, error_text, strings};

mod en;
mod zh;

pub struct ManageText {
    // The management console's refusals (staff accounts).
    pub mg_err_credentials: &'static str,
    pub mg_err_forbidden: &'static str,
    pub mg_err_user_name: &'static str,
    pub mg_err_user_name_taken: &'static str,
    pub mg_err_password: &'static str,
    pub mg_err_role_scope: &'static str,
    pub mg_err_account_not_found: &'static str,
    pub mg_err_own_account: &'static str,

    pub title: &'static str,
    pub sign_in_title: &'static str,
    pub user_name: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    /// district_admin, street_office, center_manager.
    pub roles: [&'static str; 3],
    pub centers_title: &'static str,
    pub center_col: &'static str,
    pub street_col: &'static str,
    pub services_col: &'static str,
    pub booked_today: &'static str,
    pub checked_in_today: &'static str,
    pub back_to_centers: &'static str,
    pub tabs_label: &'static str,
    pub tab_offerings: &'static str,
    pub tab_menus: &'static str,
    pub tab_closures: &'static str,
    pub tab_pin: &'static str,
    pub tab_details: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub address_zh: &'static str,
    pub address_en: &'static str,
    pub phone: &'static str,
    pub hours_zh: &'static str,
    pub hours_en: &'static str,
    pub pin_is_set: &'static str,
    pub pin_not_set: &'static str,
    pub new_pin: &'static str,
    pub new_pin_hint: &'static str,
    pub set_pin: &'static str,
    pub make_pin: &'static str,
    pub clear_pin: &'static str,
    pub pin_saved: &'static str,
    pub pin_made: fn(&str) -> String,
    pub pin_cleared: &'static str,
    pub time: &'static str,
    pub capacity: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub menu_date: &'static str,
    pub dishes: &'static str,
    pub dishes_hint: &'static str,
    pub suits: &'static str,
    pub add_menu: &'static str,
    pub no_menus: &'static str,
    pub menus_meals_only: &'static str,
    pub closure_from: &'static str,
    pub closure_to: &'static str,
    pub closure_to_hint: &'static str,
    pub closure_scope: &'static str,
    pub whole_center: &'static str,
    pub reason_zh: &'static str,
    pub reason_en: &'static str,
    pub preview: &'static str,
    pub publish: &'static str,
    pub remove: &'static str,
    pub no_closures: &'static str,
    pub district_wide: &'static str,
    pub closure_none_affected: &'static str,
    pub closure_affected: fn(usize) -> String,
    pub confirm_cancel: fn(usize) -> String,
    pub published: fn(usize) -> String,
    pub below_booked: fn(&str, u32, u32) -> String,
    pub drops_booked: fn(&str, u32) -> String,
    pub stale: &'static str,
    pub closure_in_past: &'static str,
    pub closure_range: &'static str,
    pub closure_exists: &'static str,
    pub field_fixed: &'static str,
    pub invalid_field: fn(&str) -> String,
    pub forbidden_center: &'static str,
    pub weekday_names: [&'static str; 7],
}

impl ManageText {
    pub fn role(&self, role: RoleKind) -> &'static str {
        match role {
            RoleKind::DistrictAdmin => self.roles[0],
            RoleKind::StreetOffice => self.roles[1],
            RoleKind::CenterManager => self.roles[2],
        }
    }
}

pub fn manage_text(lang: Lang) -> &'static ManageText {
    match lang {
        Lang::Zh => &zh::ZH,
        Lang::En => &en::EN,
    }
}

/// A refusal in the console's words, with its figures where it has them.
pub fn refusal(lang: Lang, e: &ManageError) -> String {
    let t = manage_text(lang);
    let detail = e.detail.clone().unwrap_or_default();
    // "12月3日 周四 11:00", not the slot's id.
    let slot = detail
        .slot_id
        .as_deref()
        .and_then(|s| s.parse::<SlotId>().ok())
        .map(|s| format!("{} {}", date_label(lang, s.date), s.start))
        .unwrap_or_default();
    let slot = slot.as_str();
    match e.code() {
        Some(ErrorCode::CapacityBelowBooked) => (t.below_booked)(
            slot,
            detail.booked.unwrap_or(0),
            detail.capacity.unwrap_or(0),
        ),
        Some(ErrorCode::SlotHasBookings) => (t.drops_booked)(slot, detail.booked.unwrap_or(0)),
        Some(ErrorCode::ClosureHasBookings) => (t.closure_affected)(detail.bookings.unwrap_or(0)),
        Some(ErrorCode::StaleVersion) => t.stale.to_owned(),
        Some(ErrorCode::ClosureInPast) => t.closure_in_past.to_owned(),
        Some(ErrorCode::ClosureRangeInvalid) => t.closure_range.to_owned(),
        Some(ErrorCode::ClosureExists) => t.closure_exists.to_owned(),
        Some(ErrorCode::FieldFixed) => t.field_fixed.to_owned(),
        Some(ErrorCode::Forbidden) => t.forbidden_center.to_owned(),
        Some(ErrorCode::InvalidCredentials) => t.mg_err_credentials.to_owned(),
        Some(ErrorCode::CsrfTokenInvalid) => t.mg_err_forbidden.to_owned(),
        Some(ErrorCode::UserNameInvalid) => t.mg_err_user_name.to_owned(),
        Some(ErrorCode::UserNameTaken) => t.mg_err_user_name_taken.to_owned(),
        Some(
            ErrorCode::PasswordLength | ErrorCode::PasswordTooWeak | ErrorCode::PasswordInvalid,
        ) => t.mg_err_password.to_owned(),
        Some(ErrorCode::RoleScopeInvalid) => t.mg_err_role_scope.to_owned(),
        Some(ErrorCode::AccountNotFound) => t.mg_err_account_not_found.to_owned(),
        Some(ErrorCode::OwnAccount) => t.mg_err_own_account.to_owned(),
        Some(ErrorCode::InvalidField) => (t.invalid_field)(e.field().unwrap_or("")),
        Some(ErrorCode::PinLength | ErrorCode::PinNotDigits) => t.new_pin.to_owned(),
        Some(ErrorCode::PinTooSimple) => t.new_pin_hint.to_owned(),
        Some(code) => error_text(strings(lang), code),
        None => error_text(strings(lang), ErrorCode::Unavailable),
    }
}

/// The model's own check of a draft, in the console's words.
pub fn edit_error(lang: Lang, e: &EditError) -> String {
    refusal(lang, &ManageError::from_edit(e))
}
