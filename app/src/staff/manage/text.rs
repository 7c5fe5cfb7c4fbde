//! The console's words, in the staff bundle only: the residents' kiosks
//! and phones never download them.

use linli_model::account::RoleKind;
use linli_model::catalog_edit::EditError;
use linli_model::{ErrorCode, Lang, SlotId};

use super::api::ManageError;
use crate::i18n::{date_label, error_text, strings};

pub struct ManageText {
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
        Lang::Zh => &ZH,
        Lang::En => &EN,
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

static ZH: ManageText = ManageText {
    title: "服务中心管理",
    sign_in_title: "管理人员登录",
    user_name: "用户名",
    password: "密码",
    sign_in: "登录",
    signing_in: "正在登录…",
    sign_out: "退出登录",
    signed_in_as: "当前账号：",
    roles: ["区级管理员", "街道", "服务中心负责人"],
    centers_title: "服务中心",
    center_col: "服务中心",
    street_col: "街道",
    services_col: "服务项目",
    booked_today: "今日预约",
    checked_in_today: "今日已签到",
    back_to_centers: "返回服务中心列表",
    tabs_label: "管理内容",
    tab_offerings: "服务与名额",
    tab_menus: "菜单",
    tab_closures: "休息日",
    tab_pin: "志愿者 PIN",
    pin_is_set: "已设置 PIN：志愿者可以用它登录签到页面。",
    pin_not_set: "还没有 PIN：志愿者现在无法登录。",
    new_pin: "新 PIN（6–12 位数字）",
    new_pin_hint: "不要用 123456、000000 这样容易猜的数字。设置后，已登录的志愿者需要重新登录。",
    set_pin: "设置 PIN",
    make_pin: "随机生成一个",
    clear_pin: "清除 PIN",
    pin_saved: "PIN 已设置，请告诉值班志愿者。",
    pin_made: |pin| format!("新的 PIN 是 {pin}。它只显示这一次，请记下来告诉值班志愿者。"),
    pin_cleared: "PIN 已清除，志愿者暂时无法登录。",
    time: "时间",
    capacity: "名额",
    save: "保存",
    saving: "正在保存…",
    saved: "已保存。",
    menu_date: "日期",
    dishes: "菜品（每行一道）",
    dishes_hint: "例如：清蒸鲈鱼",
    suits: "适合",
    add_menu: "保存这天的菜单",
    no_menus: "还没有按日期发布的菜单。",
    menus_meals_only: "这个服务中心没有助餐服务。",
    closure_from: "开始日期",
    closure_to: "结束日期（可不填）",
    closure_to_hint: "只休一天就不填。",
    closure_scope: "休息范围",
    whole_center: "整个服务中心",
    reason_zh: "原因（中文，居民会看到）",
    reason_en: "原因（英文，可不填）",
    preview: "查看影响",
    publish: "发布休息日",
    remove: "撤销",
    no_closures: "没有休息日。",
    district_wide: "全区",
    closure_none_affected: "没有已预约的居民受影响。",
    closure_affected: |n| {
        format!("这段时间已有 {n} 个预约，发布后将由服务中心取消，并告知居民原因。")
    },
    confirm_cancel: |n| format!("确认发布，并取消 {n} 个预约"),
    published: |n| format!("休息日已发布，取消了 {n} 个预约。"),
    below_booked: |slot, booked, capacity| {
        format!("{slot} 已有 {booked} 人预约，名额不能少于 {booked}（您填的是 {capacity}）。")
    },
    drops_booked: |slot, booked| {
        format!("{slot} 已有 {booked} 人预约，不能从时间表中去掉。如需停开，请发布休息日。")
    },
    stale: "这条内容刚被其他人修改过，已为您载入最新内容。请核对后再保存。",
    closure_in_past: "休息日不能早于今天。",
    closure_range: "结束日期要在开始日期当天或之后，最长两个月。",
    closure_exists: "这一天已经是休息日了。",
    field_fixed: "服务的类型和编号不能修改。",
    invalid_field: |field| format!("这一项填写有误：{field}"),
    forbidden_center: "您的账号不能管理这个服务中心。",
    weekday_names: ["一", "二", "三", "四", "五", "六", "日"],
};

static EN: ManageText = ManageText {
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
