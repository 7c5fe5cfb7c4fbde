//! `config.json` next to `index.html`, overridden per device by the query
//! string (`/?mode=kiosk&center=dongshan-zhushan`).

use std::collections::BTreeMap;

use linli_model::{CenterId, Lang};
use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BackendKind {
    #[default]
    Api,
    Static,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A shared touch screen in a centre, bound to that centre.
    Kiosk,
    /// A resident's own phone or computer.
    #[default]
    Web,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default)]
pub struct AppConfig {
    pub backend: BackendKind,
    pub api_base: String,
    pub mode: Mode,
    pub center: Option<CenterId>,
    pub idle_seconds: u32,
    pub languages: Vec<Lang>,
    /// Static backend only: each centre's volunteer PIN as a salted slow
    /// hash (`linli-server pin hash`), checked on the device.
    pub volunteer_pins: BTreeMap<String, String>,
    /// The query string the app was opened with (`?mode=kiosk&center=…`):
    /// a kiosk's reset loads the app again with it, so the device stays
    /// what it was set up as. Links inside the app drop the query string.
    #[serde(skip)]
    pub launch_query: String,
    /// Set when `config.json` could not be read, so staff can see why.
    #[serde(skip)]
    pub load_problem: Option<String>,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            backend: BackendKind::Api,
            api_base: "/api/v1".into(),
            mode: Mode::Web,
            center: None,
            idle_seconds: 60,
            languages: vec![Lang::Zh, Lang::En],
            volunteer_pins: BTreeMap::new(),
            launch_query: String::new(),
            load_problem: None,
        }
    }
}

impl AppConfig {
    pub async fn load() -> AppConfig {
        let mut config = match fetch_config().await {
            Ok(config) => config,
            Err(problem) => AppConfig {
                load_problem: Some(problem),
                ..AppConfig::default()
            },
        };
        let query = crate::platform::query_string();
        config.apply_query(&query);
        config.launch_query = query;
        // A few seconds at least, from `config.json` as from the query, or a
        // kiosk would ask "还在使用吗？" while the resident is still reading.
        config.idle_seconds = config.idle_seconds.max(MIN_IDLE_SECONDS);
        if config.languages.is_empty() {
            config.languages = vec![Lang::Zh, Lang::En];
        }
        config
    }

    /// A kiosk without a valid centre can't offer anything: it behaves like
    /// the web app until one is configured.
    pub fn kiosk_center(&self) -> Option<&CenterId> {
        match self.mode {
            Mode::Kiosk => self.center.as_ref(),
            Mode::Web => None,
        }
    }

    /// How long a kiosk shows the receipt before it resets by itself: 30 s,
    /// or the idle time when that is shorter (a kiosk set to reset after
    /// 20 s idle shouldn't keep a receipt longer; `?idle=5` makes tests quick).
    pub fn receipt_seconds(&self) -> u32 {
        self.idle_seconds.clamp(MIN_IDLE_SECONDS, 30)
    }

    fn apply_query(&mut self, query: &str) {
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match (key, value) {
                ("mode", "kiosk") => self.mode = Mode::Kiosk,
                ("mode", "web") => self.mode = Mode::Web,
                ("center", id) => {
                    if let Ok(id) = id.parse() {
                        self.center = Some(id);
                    }
                }
                ("backend", "api") => self.backend = BackendKind::Api,
                ("backend", "static") => self.backend = BackendKind::Static,
                ("idle", secs) => {
                    if let Ok(secs) = secs.parse::<u32>() {
                        self.idle_seconds = secs.max(MIN_IDLE_SECONDS);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The shortest idle time a kiosk accepts, in seconds.
const MIN_IDLE_SECONDS: u32 = 5;

/// The problems are fixed words: formatting gloo's and serde_json's errors
/// would bring all their messages into the WASM.
async fn fetch_config() -> Result<AppConfig, String> {
    let response = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .map_err(|_| "config.json: no answer".to_owned())?;
    if !response.ok() {
        return Err(format!("config.json: HTTP {}", response.status()));
    }
    response
        .json()
        .await
        .map_err(|_| "config.json: not a valid configuration".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_query(query: &str) -> AppConfig {
        let mut config = AppConfig::default();
        config.apply_query(query);
        config
    }

    #[test]
    fn the_query_makes_a_kiosk_bound_to_a_centre() {
        let config = with_query("?mode=kiosk&center=dongshan-zhushan&idle=90");
        assert_eq!(config.mode, Mode::Kiosk);
        assert_eq!(
            config.kiosk_center().map(|c| c.to_string()).as_deref(),
            Some("dongshan-zhushan")
        );
        assert_eq!(config.idle_seconds, 90);
        assert_eq!(config.receipt_seconds(), 30);
    }

    #[test]
    fn idle_time_has_a_floor_and_the_receipt_follows_a_short_one() {
        assert_eq!(with_query("?idle=1").idle_seconds, 5);
        assert_eq!(with_query("?idle=abc").idle_seconds, 60);
        assert_eq!(with_query("?idle=5").receipt_seconds(), 5);
        assert_eq!(with_query("?idle=20").receipt_seconds(), 20);
        assert_eq!(AppConfig::default().receipt_seconds(), 30);
    }
}
