//! The text messages' flags and environment variables.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use linli_model::TimeOfDay;

/// How notices leave the server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum SmsDelivery {
    /// Written to the server's log (phone masked), sent nowhere: the
    /// default, until a district has an SMS gateway.
    #[default]
    Log,
    /// POSTed as JSON to the district's SMS gateway, signed with
    /// HMAC-SHA256.
    Webhook,
}

#[derive(Debug, Clone, Args)]
pub struct SmsArgs {
    /// Where text messages go: `log` or `webhook`.
    #[arg(long, env = "LINLI_SMS", value_enum, default_value_t = SmsDelivery::Log)]
    pub sms: SmsDelivery,
    /// The SMS gateway's URL (http or https), for `--sms webhook`.
    #[arg(long, env = "LINLI_SMS_WEBHOOK_URL")]
    pub sms_webhook_url: Option<String>,
    /// A file holding the gateway's shared secret (at least 32 characters;
    /// surrounding white space is ignored). A file, not a flag: flags show
    /// in `ps`.
    #[arg(long, env = "LINLI_SMS_WEBHOOK_SECRET_FILE")]
    pub sms_webhook_secret_file: Option<PathBuf>,
    /// When the evening reminder goes out, the day before (HH:MM).
    #[arg(long, env = "LINLI_SMS_REMINDER_EVENING", default_value = "18:00",
          value_parser = parse_time)]
    pub sms_reminder_evening: TimeOfDay,
    /// How many minutes before the start the second reminder goes out.
    #[arg(long, env = "LINLI_SMS_REMINDER_MINUTES_BEFORE", default_value_t = 120,
          value_parser = clap::value_parser!(u16).range(30..=720))]
    pub sms_reminder_minutes_before: u16,
    /// Seconds between looks at the outbox.
    #[arg(long, env = "LINLI_SMS_POLL_SECS", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub sms_poll_secs: u64,
}

impl Default for SmsArgs {
    fn default() -> Self {
        SmsArgs {
            sms: SmsDelivery::Log,
            sms_webhook_url: None,
            sms_webhook_secret_file: None,
            sms_reminder_evening: TimeOfDay::from_hm(18, 0).unwrap_or(TimeOfDay::MIDNIGHT),
            sms_reminder_minutes_before: 120,
            sms_poll_secs: 5,
        }
    }
}

fn parse_time(text: &str) -> Result<TimeOfDay, String> {
    text.parse()
        .map_err(|_| format!("'{text}' is not a time of day (HH:MM)"))
}
