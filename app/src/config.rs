//! `config.json` next to `index.html`, overridden per device by the query
//! string (`/?mode=kiosk&center=dongshan-zhushan`).

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
        config.apply_query(&crate::platform::query_string());
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
                        self.idle_seconds = secs.max(5);
                    }
                }
                _ => {}
            }
        }
    }
}

async fn fetch_config() -> Result<AppConfig, String> {
    let response = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("config.json: HTTP {}", response.status()));
    }
    response.json().await.map_err(|e| e.to_string())
}
