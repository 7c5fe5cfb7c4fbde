//! The volunteer console's words, in the staff bundle only: residents'
//! kiosks and phones never download them. A [`VolunteerText`] table per
//! language, which reads through to the residents' [`Strings`] (service
//! kinds, dates, errors) for everything else.

use std::ops::Deref;

use linli_model::Lang;

use crate::i18n::{EN, Strings, ZH};

pub struct VolunteerText {
    base: &'static Strings,
    pub vol_waiting: &'static str,
    pub vol_held: fn(&str) -> String,
    // The volunteer console.
    pub vol_sign_in_title: &'static str,
    pub vol_center_label: &'static str,
    pub vol_center_choose: &'static str,
    pub vol_pin_label: &'static str,
    pub vol_pin_hint: &'static str,
    pub vol_sign_in: &'static str,
    pub vol_signing_in: &'static str,
    pub vol_err_pin: &'static str,
    pub vol_err_rate_limited: fn(u32) -> String,
    pub vol_expired: &'static str,
    pub vol_roster_title: &'static str,
    pub vol_sign_out: &'static str,
    pub vol_date_label: &'static str,
    pub vol_prev_day: &'static str,
    pub vol_next_day: &'static str,
    pub vol_kind_label: &'static str,
    pub vol_all: &'static str,
    pub vol_refresh: &'static str,
    pub vol_refreshed: fn(&str) -> String,
    pub vol_export: &'static str,
    pub vol_counts: fn(&[u32; 5]) -> String,
    pub vol_kitchen: fn(u32, u32, u32) -> String,
    pub vol_no_slots: &'static str,
    pub vol_no_bookings: &'static str,
    pub vol_col_party: &'static str,
    pub vol_col_details: &'static str,
    pub vol_col_actions: &'static str,
    pub vol_show_phone: &'static str,
    pub vol_check_in: &'static str,
    pub vol_undo: &'static str,
    pub vol_no_show: &'static str,
    pub vol_no_show_later: &'static str,
    pub vol_cancel: &'static str,
    pub vol_cancel_reason: &'static str,
    pub vol_cancel_confirm: &'static str,
    pub vol_cancel_keep: &'static str,
    pub vol_walk_in: &'static str,
    pub vol_walk_in_submit: &'static str,
    pub vol_walk_in_done: fn(&str) -> String,
    pub vol_close: &'static str,
    pub vol_err_not_started: &'static str,
    pub vol_err_ended: &'static str,
    pub vol_err_changed: &'static str,
    pub vol_err_reason: &'static str,
    pub vol_err_cancelled: &'static str,
    pub vol_err_device_time: &'static str,
    /// What (the action's button) and why.
    pub vol_sync_conflict: fn(&str, &str) -> String,
    pub vol_pending: &'static str,
    pub vol_offline: &'static str,
    pub vol_party: fn(u8) -> String,
    pub vol_export_bookings: &'static str,
    pub vol_export_bookings_hint: &'static str,
    pub vol_err_no_device_pin: &'static str,
}

impl Deref for VolunteerText {
    type Target = Strings;

    fn deref(&self) -> &Strings {
        self.base
    }
}

pub fn volunteer_text(lang: Lang) -> &'static VolunteerText {
    match lang {
        Lang::Zh => &VOL_ZH,
        Lang::En => &VOL_EN,
    }
}

static VOL_ZH: VolunteerText = VolunteerText {
    base: &ZH,
    // The volunteer console.
    vol_sign_in_title: "志愿者登录",
    vol_center_label: "服务中心",
    vol_center_choose: "请选择服务中心",
    vol_pin_label: "PIN 码",
    vol_pin_hint: "6 到 12 位数字，由中心负责人提供。",
    vol_sign_in: "登录",
    vol_signing_in: "正在登录…",
    vol_err_pin: "PIN 码不对，请核对后再试。",
    vol_err_rate_limited: |s| {
        if s >= 60 {
            format!("错误次数太多，请 {} 分钟后再试。", s.div_ceil(60))
        } else {
            format!("错误次数太多，请 {s} 秒后再试。")
        }
    },
    vol_expired: "登录已结束，请重新登录。",
    vol_roster_title: "预约名单",
    vol_sign_out: "退出登录",
    vol_date_label: "日期",
    vol_prev_day: "前一天",
    vol_next_day: "后一天",
    vol_kind_label: "服务类别",
    vol_all: "全部",
    vol_refresh: "刷新",
    vol_refreshed: |t| format!("最近刷新 {t}"),
    vol_export: "导出 CSV",
    vol_counts: |[c, b, i, n, r]| format!("名额 {c} · 已约 {b} · 已签到 {i} · 未到 {n} · 剩余 {r}"),
    vol_kitchen: |p, d, t| format!("备餐 {p} 份：堂食 {d}，打包 {t}"),
    vol_no_slots: "这一天没有服务时段。",
    vol_no_bookings: "还没有预约。",
    vol_col_party: "人数",
    vol_col_details: "需求",
    vol_col_actions: "操作",
    vol_show_phone: "显示号码",
    vol_check_in: "签到",
    vol_undo: "撤销签到",
    vol_no_show: "未到",
    vol_no_show_later: "时段开始后才能标记“未到”。",
    vol_cancel: "取消",
    vol_cancel_reason: "取消原因（可不填）",
    vol_cancel_confirm: "确认取消",
    vol_cancel_keep: "不取消",
    vol_walk_in: "代为预约",
    vol_walk_in_submit: "确认代约",
    vol_walk_in_done: |c| format!("已代为预约，预约码 {c}。"),
    vol_close: "收起",
    vol_err_not_started: "这个时段还没开始（签到从当天开始）。",
    vol_err_ended: "这个时段已经结束。",
    vol_err_changed: "这个预约的状态已经变了，名单已刷新。",
    vol_err_reason: "原因最多 200 个字。",
    vol_err_cancelled: "预约已被取消。",
    vol_err_device_time: "这台设备的时间不对，请校准时间后重新操作。",
    vol_sync_conflict: |what, why| format!("{what}未记录。{why}"),
    vol_pending: "待同步",
    vol_offline: "网络已断开：这是最近一次刷新的名单。签到和未到先存在这台设备上，联网后自动上传。",
    vol_party: |n| format!("{n} 人"),
    vol_export_bookings: "导出全部预约（JSON 文件）",
    vol_export_bookings_hint: "这台自助机的预约只保存在本机。导出的文件含完整姓名和电话：请妥善保管，导入服务器后删除。",
    vol_err_no_device_pin: "这台自助机没有为这个中心设置工作人员密码。请管理员在 config.json 中设置。",
    vol_waiting: "候补名单",
    vol_held: |t| format!("保留至 {t}，待确认"),
};

static VOL_EN: VolunteerText = VolunteerText {
    base: &EN,
    // The volunteer console.
    vol_sign_in_title: "Volunteer sign-in",
    vol_center_label: "Service centre",
    vol_center_choose: "Choose a centre",
    vol_pin_label: "PIN",
    vol_pin_hint: "6 to 12 digits, from the centre's manager.",
    vol_sign_in: "Sign in",
    vol_signing_in: "Signing in…",
    vol_err_pin: "That PIN is not right. Please check it and try again.",
    vol_err_rate_limited: |s| {
        if s >= 60 {
            format!(
                "Too many wrong tries. Please try again in {} minutes.",
                s.div_ceil(60)
            )
        } else {
            format!("Too many wrong tries. Please try again in {s} seconds.")
        }
    },
    vol_expired: "You were signed out. Please sign in again.",
    vol_roster_title: "Roster",
    vol_sign_out: "Sign out",
    vol_date_label: "Date",
    vol_prev_day: "Previous day",
    vol_next_day: "Next day",
    vol_kind_label: "Service",
    vol_all: "All",
    vol_refresh: "Refresh",
    vol_refreshed: |t| format!("Last refreshed {t}"),
    vol_export: "Export CSV",
    vol_counts: |[c, b, i, n, r]| {
        format!("Capacity {c} · booked {b} · checked in {i} · no-show {n} · free {r}")
    },
    vol_kitchen: |p, d, t| format!("Kitchen: {p} portions, {d} dine in, {t} take away"),
    vol_no_slots: "No slots on this day.",
    vol_no_bookings: "No bookings yet.",
    vol_col_party: "Party",
    vol_col_details: "Details",
    vol_col_actions: "Actions",
    vol_show_phone: "Show number",
    vol_check_in: "Check in",
    vol_undo: "Undo check-in",
    vol_no_show: "No-show",
    vol_no_show_later: "No-show can be marked once the slot has started.",
    vol_cancel: "Cancel",
    vol_cancel_reason: "Reason for cancelling (optional)",
    vol_cancel_confirm: "Confirm cancel",
    vol_cancel_keep: "Keep booking",
    vol_walk_in: "Book for a resident",
    vol_walk_in_submit: "Book it",
    vol_walk_in_done: |c| format!("Booked. The code is {c}."),
    vol_close: "Close",
    vol_err_not_started: "This slot hasn't started yet (check-in opens on its day).",
    vol_err_ended: "This slot has already ended.",
    vol_err_changed: "This booking has changed; the roster is refreshed.",
    vol_err_reason: "A reason is at most 200 characters.",
    vol_err_cancelled: "The booking was cancelled.",
    vol_err_device_time: "This device's clock is wrong: set it, then do this again.",
    vol_sync_conflict: |what, why| format!("“{what}” was not recorded. {why}"),
    vol_pending: "Waiting to sync",
    vol_offline: "Offline: this is the roster as last loaded. Check-ins and no-shows are kept on this device and sent when the network is back.",
    vol_party: |n| {
        if n == 1 {
            "1 person".into()
        } else {
            format!("{n} people")
        }
    },
    vol_export_bookings: "Export all bookings (JSON file)",
    vol_export_bookings_hint: "This kiosk keeps its bookings on this device only. The exported file holds full names and phone numbers: keep it safe, and delete it once imported into a server.",
    vol_err_no_device_pin: "No staff PIN is set for this centre on this kiosk. An administrator sets it in config.json.",
    vol_waiting: "Waiting list",
    vol_held: |t| format!("held until {t}, to be confirmed"),
};
