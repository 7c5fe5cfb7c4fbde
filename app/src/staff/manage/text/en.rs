//! The console's words in English.

use super::ManageText;

pub(super) static EN: ManageText = ManageText {
    mg_err_credentials: "Wrong user name or password.",
    mg_err_forbidden: "Your account can't do this.",
    mg_err_user_name: "A user name is 3–32 lowercase letters, digits or . _ -.",
    mg_err_user_name_taken: "This user name is taken.",
    mg_err_password: "A password is 10–128 characters, without the user name, runs, repeats or common words.",
    mg_err_role_scope: "Choose a street for a street office, a centre for a centre manager.",
    mg_err_account_not_found: "No such account.",
    mg_err_own_account: "You can't disable or reset your own account.",
    title: "Centre management",
    sign_in_title: "Staff sign-in",
    user_name: "User name",
    password: "Password",
    sign_in: "Sign in",
    signing_in: "Signing in…",
    sign_out: "Sign out",
    signed_in_as: "Signed in as ",
    roles: ["district administrator", "street office", "centre manager"],
    centers_title: "Service centres",
    center_col: "Centre",
    street_col: "Street",
    services_col: "Services",
    booked_today: "Booked today",
    checked_in_today: "Checked in today",
    back_to_centers: "Back to the centres",
    tabs_label: "What to manage",
    tab_offerings: "Services and seats",
    tab_menus: "Menus",
    tab_closures: "Closed days",
    tab_pin: "Volunteer PIN",
    tab_details: "Details",
    name_zh: "Name in Chinese",
    name_en: "Name in English (optional)",
    address_zh: "Address in Chinese",
    address_en: "Address in English (optional)",
    phone: "Phone",
    hours_zh: "Opening hours in Chinese",
    hours_en: "Opening hours in English (optional)",
    pin_is_set: "A PIN is set: volunteers sign in to the roster with it.",
    pin_not_set: "No PIN yet: volunteers can't sign in.",
    new_pin: "New PIN (6–12 digits)",
    new_pin_hint: "Avoid easy ones like 123456 or 000000. Volunteers signed in will need to sign in again.",
    set_pin: "Set the PIN",
    make_pin: "Make one for me",
    clear_pin: "Clear the PIN",
    pin_saved: "The PIN is set: tell the volunteers on duty.",
    pin_made: |pin| {
        format!(
            "The new PIN is {pin}. It is shown only this once: note it for the volunteers on duty."
        )
    },
    pin_cleared: "The PIN is cleared: volunteers can't sign in for now.",
    time: "Time",
    capacity: "Seats",
    save: "Save",
    saving: "Saving…",
    saved: "Saved.",
    menu_date: "Date",
    dishes: "Dishes (one per line)",
    dishes_hint: "For example: steamed perch",
    suits: "Suits",
    add_menu: "Save this day's menu",
    no_menus: "No menus for single days yet.",
    menus_meals_only: "This centre has no meal service.",
    closure_from: "First day",
    closure_to: "Last day (optional)",
    closure_to_hint: "Leave empty for one day.",
    closure_scope: "What closes",
    whole_center: "The whole centre",
    reason_zh: "Reason in Chinese (residents see it)",
    reason_en: "Reason in English (optional)",
    preview: "Check what it affects",
    publish: "Publish the closure",
    remove: "Withdraw",
    no_closures: "No closed days.",
    district_wide: "District-wide",
    closure_none_affected: "No resident has booked in that time.",
    closure_affected: |n| {
        format!(
            "{n} bookings fall in that time: publishing cancels them by the centre, and residents are told why."
        )
    },
    confirm_cancel: |n| format!("Publish and cancel {n} bookings"),
    published: |n| format!("Closure published; {n} bookings cancelled."),
    below_booked: |slot, booked, capacity| {
        format!(
            "{slot} has {booked} seats booked: the seats can't be fewer than {booked} (you entered {capacity})."
        )
    },
    drops_booked: |slot, booked| {
        format!(
            "{slot} has {booked} seats booked and can't leave the schedule. To stop it, publish a closure."
        )
    },
    stale: "Someone else has just changed this; the latest is loaded. Check it and save again.",
    closure_in_past: "A closure can't start before today.",
    closure_range: "The last day is on or after the first, at most two months later.",
    closure_exists: "That day is already closed.",
    field_fixed: "A service's kind and id can't change.",
    invalid_field: |field| format!("Please check this: {field}"),
    forbidden_center: "Your account can't manage this centre.",
    weekday_names: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};
