//! Text messages to residents who asked for them: the sender that takes
//! notices from the outbox (see `store/notice_types.rs`), writes their
//! texts ([`linli_model::notice::notice_text`]) and hands them to one
//! [`Notifier`]: the log (the default) or the district's SMS gateway.

pub mod args;
pub mod webhook;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use linli_model::notice::{NoticeFacts, NoticeKind, ReminderTimes, notice_text, still_true};
use linli_model::roster::mask_phone;
use linli_model::{Lang, OfferingId};
use serde::Serialize;

pub use args::{SmsArgs, SmsDelivery};

use crate::catalog_index::CatalogIndex;
use crate::state::AppState;
use crate::store::{ClaimedNotice, Delivery, NoticeScan};

/// One message as it leaves: the webhook's JSON body.
#[derive(Clone, Debug, Serialize)]
pub struct Outgoing {
    /// The idempotency key: the same for every try of this notice.
    pub key: String,
    /// The mobile number, 11 digits.
    pub to: String,
    pub text: String,
    pub kind: NoticeKind,
    pub lang: Lang,
}

pub type Sending<'a> = Pin<Box<dyn Future<Output = Delivery> + Send + 'a>>;

/// Where messages go. One per server, chosen at start.
pub trait Notifier: Send + Sync {
    fn send<'a>(&'a self, message: &'a Outgoing) -> Sending<'a>;
}

/// Writes each message's key, kind and length to the log with the phone
/// masked, and calls it sent: for a district without a gateway, and for
/// trying Linli out. Never the text: it names the service and the time.
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn send<'a>(&'a self, m: &'a Outgoing) -> Sending<'a> {
        tracing::info!(
            key = %m.key,
            to = %mask_phone(&m.to),
            kind = m.kind.as_str(),
            lang = m.lang.as_str(),
            chars = m.text.encode_utf16().count(),
            "text message (log only)"
        );
        Box::pin(std::future::ready(Delivery::Sent))
    }
}

/// The sender's settings.
pub struct Texts {
    pub notifier: Box<dyn Notifier>,
    pub times: ReminderTimes,
    pub poll: Duration,
}

impl Texts {
    /// The notifier the flags ask for; a webhook without its URL or secret
    /// is refused, so a misconfigured server says so at start.
    pub fn from_args(args: &SmsArgs) -> Result<Texts, String> {
        let notifier: Box<dyn Notifier> = match args.sms {
            // A gateway configured but not chosen is a mistake to say, not
            // a silence that loses every text.
            SmsDelivery::Log
                if args.sms_webhook_url.is_some() || args.sms_webhook_secret_file.is_some() =>
            {
                return Err(
                    "--sms-webhook-url and --sms-webhook-secret-file need --sms webhook".into(),
                );
            }
            SmsDelivery::Log => Box::new(LogNotifier),
            SmsDelivery::Webhook => {
                let url = args
                    .sms_webhook_url
                    .as_deref()
                    .ok_or("--sms webhook needs --sms-webhook-url")?;
                let path = args
                    .sms_webhook_secret_file
                    .as_ref()
                    .ok_or("--sms webhook needs --sms-webhook-secret-file")?;
                let secret = std::fs::read_to_string(path)
                    .map_err(|e| format!("the SMS gateway secret {}: {e}", path.display()))?;
                Box::new(webhook::Webhook::new(url, &secret)?)
            }
        };
        Ok(Texts {
            notifier,
            times: ReminderTimes {
                evening: args.sms_reminder_evening,
                minutes_before: args.sms_reminder_minutes_before,
            },
            poll: Duration::from_secs(args.sms_poll_secs),
        })
    }
}

/// The message of a claimed notice, or why it can't be sent at all: no
/// longer true (the booking cancelled, the hold confirmed, the day closed
/// since), or without a phone.
fn compose(catalog: &CatalogIndex, n: &ClaimedNotice) -> Result<Outgoing, Delivery> {
    let permanent = |error: &str| Delivery::Failed {
        error: error.to_owned(),
        permanent: true,
    };
    if !still_true(n.kind, n.booking_status, n.entry_status) {
        return Err(Delivery::Moot);
    }
    let to = n
        .phone
        .clone()
        .ok_or_else(|| permanent("the booking's phone was erased"))?;
    let lang = n
        .lang
        .ok_or_else(|| permanent("the booking asked for no text messages"))?;
    let offering = n
        .offering_id
        .parse::<OfferingId>()
        .ok()
        .and_then(|id| catalog.offering(&id));
    let closed = offering.is_some_and(|o| {
        let closing = catalog
            .closures()
            .closing(&o.center_id, &o.id, n.starts.date);
        closing.is_some() && n.kind != NoticeKind::CancelledByCentre
    });
    if closed {
        return Err(Delivery::Moot);
    }
    let what = match offering {
        Some(o) => {
            let center = catalog
                .center(o.center_id.as_str())
                .map(|c| c.center.name.get(lang).to_owned())
                .unwrap_or_default();
            match lang {
                Lang::Zh => format!("{}（{center}）", o.name.get(lang)),
                Lang::En => format!("{} at {center}", o.name.get(lang)),
            }
        }
        // Retired from the catalog since: the text still has the code.
        None => String::new(),
    };
    let hold_until = n
        .hold_until
        .map(|ms| linli_model::LocalDateTime::from_unix_millis(ms).time);
    let text = notice_text(&NoticeFacts {
        kind: n.kind,
        lang,
        code: n.code,
        starts: n.starts,
        what: &what,
        hold_until,
    });
    Ok(Outgoing {
        key: n.key.clone(),
        to,
        text,
        kind: n.kind,
        lang,
    })
}

/// The sender: every `poll`, writes the reminders due (when the clock's
/// minute has moved on) and sends what is due, each notice on its own
/// task so one slow message doesn't hold the others back.
pub async fn send_texts(state: AppState) {
    let mut every = tokio::time::interval(state.texts.poll);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut scanned_minute = None;
    loop {
        every.tick().await;
        let (now, now_millis) = (state.clock.now(), state.clock.unix_millis());
        if scanned_minute != Some(now) {
            let scan = NoticeScan {
                times: state.texts.times,
                now,
                now_millis,
            };
            match state.store.scan_notices(scan).await {
                Ok(_) => scanned_minute = Some(now),
                Err(e) => tracing::warn!(error = %e, "reminder scan failed; trying again"),
            }
        }
        // A full batch: more are due (18:00's reminders), so at once again.
        while send_due(&state).await == CLAIM_BATCH_LEN {}
    }
}

const CLAIM_BATCH_LEN: usize = crate::store::CLAIM_BATCH as usize;

/// Claims what is due and tries each; answers how many were claimed.
async fn send_due(state: &AppState) -> usize {
    let claimed = match state.store.claim_notices(state.clock.unix_millis()).await {
        Ok(claimed) => claimed,
        Err(e) => {
            tracing::warn!(error = %e, "the outbox can't be read; trying again");
            return 0;
        }
    };
    let count = claimed.len();
    let mut tries = tokio::task::JoinSet::new();
    for notice in claimed {
        let state = state.clone();
        tries.spawn(async move {
            let delivery = match compose(&state.catalog.get(), &notice) {
                Ok(message) => state.texts.notifier.send(&message).await,
                Err(refused) => refused,
            };
            if let Delivery::Failed { error, .. } = &delivery {
                tracing::warn!(key = %notice.key, %error, "text message not delivered");
            }
            let at = state.clock.unix_millis();
            if let Err(e) = state.store.finish_notice(notice, delivery, at).await {
                tracing::warn!(error = %e, "a text message's outcome was not recorded");
            }
        });
    }
    while tries.join_next().await.is_some() {}
    count
}
