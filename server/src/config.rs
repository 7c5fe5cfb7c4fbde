//! Command-line flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use linli_model::staff::device_pin::{DEFAULT_ITERATIONS, MAX_ITERATIONS, MIN_ITERATIONS};

use crate::clock::{Clock, FixedClock, SystemClock};
use crate::store::Location;
use crate::throttle::ThrottleArgs;

/// Linli 邻里: the booking server of the community service centres.
#[derive(Debug, Parser)]
#[command(
    name = "linli-server",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Serving is the default: `linli-server [flags]` runs the server.
    #[command(flatten)]
    pub serve: ServeArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (what `linli-server` does without a sub-command).
    Serve(ServeArgs),
    /// Set or clear a centre's volunteer PIN.
    #[command(subcommand)]
    Pin(PinCommand),
    /// Staff accounts of the management console: the first district
    /// administrator, or a password when nobody can sign in to reset it.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Import a static kiosk's bookings export (JSON), keeping codes and
    /// statuses. Conflicts are reported and the rest imported; running it
    /// again is harmless.
    ImportBookings(ImportArgs),
    /// Copy a live SQLite database to a new file, consistently, while the
    /// server runs (PostgreSQL: use pg_dump).
    Backup {
        /// The new file (never overwritten).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write the catalog as the database holds it (with the console's
    /// edits) in the data folder's shape: catalog.json, centers/*.json,
    /// closures.json. Files of the same names in DIR are replaced.
    ExportCatalog {
        /// The folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Put a backup in place of the SQLite database; refused while a
    /// server runs on it.
    Restore {
        /// The backup file.
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// Only the database.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// The database: a SQLite file or a PostgreSQL URL.
    #[arg(
        long,
        env = "LINLI_DB",
        hide_env_values = true,
        default_value = "linli.sqlite3"
    )]
    pub db: Location,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The export file, from the kiosk's volunteer view.
    pub file: PathBuf,
    /// Check everything and report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Subcommand)]
pub enum PinCommand {
    /// Set a centre's PIN (6–12 digits); without --pin, a random 6-digit
    /// PIN is made and printed once. Signs out the centre's volunteers.
    Set {
        /// The centre's id, e.g. dongshan-zhushan.
        #[arg(long)]
        center: String,
        /// The PIN to store (only its salted hash is kept).
        #[arg(long)]
        pin: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Remove a centre's PIN: nobody can sign in there until a new one is set.
    Clear {
        #[arg(long)]
        center: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print a PIN's hash for a static kiosk's config.json
    /// (`"volunteer_pins": {"<centre id>": "<hash>"}`); without --pin, a
    /// random 10-digit PIN (the hash is public on a static host) is made
    /// and printed once. Needs no database.
    Hash {
        /// The PIN to hash (6–12 digits; longer is safer on a static kiosk).
        #[arg(long)]
        pin: Option<String>,
        /// PBKDF2 iterations: the browser spends them at every sign-in.
        #[arg(long, default_value_t = DEFAULT_ITERATIONS,
              value_parser = clap::value_parser!(u32).range(i64::from(MIN_ITERATIONS)..=i64::from(MAX_ITERATIONS)))]
        iterations: u32,
    },
}

/// `linli-server admin …`. The password is read from a prompt (without
/// echo) or, when stdin is not a terminal, from its first line: never
/// from the command line, where `ps` and shell histories would keep it.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account.
    Create {
        /// The user name (3–32 of a-z, 0-9, '.', '_', '-').
        #[arg(long)]
        user: String,
        /// district_admin, street_office or center_manager.
        #[arg(long, value_parser = ["district_admin", "street_office", "center_manager"])]
        role: String,
        /// A street office's street.
        #[arg(long)]
        street: Option<String>,
        /// A centre manager's centre.
        #[arg(long)]
        center: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Set an account's password (and enable it); its sessions end.
    SetPassword {
        #[arg(long)]
        user: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

/// The database and catalog, as for serving.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// The database: a SQLite file (created if needed) or a PostgreSQL URL
    /// (`postgres://user@host/dbname`); migrated at start.
    #[arg(
        long,
        env = "LINLI_DB",
        hide_env_values = true,
        default_value = "linli.sqlite3"
    )]
    pub db: Location,
    /// Catalog folder: the centre must be listed in its catalog.json.
    #[arg(long, env = "LINLI_DATA", default_value = "public/data")]
    pub data: PathBuf,
}

/// What the binary was asked to do.
pub enum Action {
    Serve(Config),
    Pin(PinCommand),
    Admin(AdminCommand),
    ImportBookings(ImportArgs),
    Backup { out: PathBuf, db: Location },
    Restore { file: PathBuf, db: Location },
    ExportCatalog { out: PathBuf, db: Location },
}

impl Cli {
    pub fn action(self) -> Action {
        match self.command {
            Some(Command::Serve(args)) => Action::Serve(args.into()),
            Some(Command::Pin(cmd)) => Action::Pin(cmd),
            Some(Command::Admin(cmd)) => Action::Admin(cmd),
            Some(Command::ImportBookings(args)) => Action::ImportBookings(args),
            Some(Command::Backup { out, db }) => Action::Backup { out, db: db.db },
            Some(Command::Restore { file, db }) => Action::Restore { file, db: db.db },
            Some(Command::ExportCatalog { out, db }) => Action::ExportCatalog { out, db: db.db },
            None => Action::Serve(self.serve.into()),
        }
    }

    /// The serve flags, whether given bare or after `serve`.
    pub fn serve_config(self) -> Option<Config> {
        match self.action() {
            Action::Serve(config) => Some(config),
            Action::Pin(_)
            | Action::Admin(_)
            | Action::ImportBookings(_)
            | Action::Backup { .. }
            | Action::Restore { .. }
            | Action::ExportCatalog { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LINLI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The database: a SQLite file (created if needed) or a PostgreSQL URL
    /// (`postgres://user@host/dbname`); migrated at start.
    #[arg(
        long,
        env = "LINLI_DB",
        hide_env_values = true,
        default_value = "linli.sqlite3"
    )]
    pub db: Location,
    /// Catalog folder: catalog.json and centers/*.json.
    #[arg(long, env = "LINLI_DATA", default_value = "public/data")]
    pub data: PathBuf,
    /// The built app (trunk's dist/). Missing: only the API is served.
    #[arg(long, env = "LINLI_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,
    /// Skip brotli/gzip at start-up (a faster start for development).
    #[arg(long, env = "LINLI_NO_PRECOMPRESS")]
    pub no_precompress: bool,
    /// How long a volunteer stays signed in, in hours.
    #[arg(long, env = "LINLI_SESSION_HOURS", default_value_t = 12,
          value_parser = clap::value_parser!(u32).range(1..=720))]
    pub session_hours: u32,
    /// A volunteer session unused this many minutes ends (a kiosk or phone
    /// left signed in); each request moves the end on.
    #[arg(long, env = "LINLI_SESSION_IDLE_MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..=43_200))]
    pub session_idle_minutes: u32,
    /// For tests only: the server's clock stands still at this local time
    /// (UTC+8), e.g. 2026-11-27T11:40, so end-to-end tests can reach a
    /// started slot. Never set it on a real server.
    #[arg(long, env = "LINLI_FAKE_NOW", value_parser = parse_fake_now)]
    pub fake_now: Option<i64>,
    /// Connections open at once; more wait until one closes.
    #[arg(long, env = "LINLI_MAX_CONNECTIONS", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
    /// Seconds a client has to send a request's headers (a half-sent
    /// request or an idle connection is closed after it).
    #[arg(long, env = "LINLI_HEADER_TIMEOUT_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub header_timeout_secs: u64,
    #[command(flatten)]
    pub throttle: ThrottleArgs,
    #[command(flatten)]
    pub staff: StaffArgs,
    #[command(flatten)]
    pub sms: crate::notify::SmsArgs,
}

/// The management console's sessions and audit log.
#[derive(Debug, Clone, Args)]
pub struct StaffArgs {
    /// How long a staff member stays signed in at most, in hours.
    #[arg(long, env = "LINLI_STAFF_SESSION_HOURS", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=24))]
    pub staff_session_hours: u32,
    /// A staff session unused this many minutes ends.
    #[arg(long, env = "LINLI_STAFF_IDLE_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=480))]
    pub staff_idle_minutes: u32,
    /// Days the audit log keeps an entry. At least 180: China's
    /// Cybersecurity Law asks network logs be kept six months.
    #[arg(long, env = "LINLI_AUDIT_RETENTION_DAYS", default_value_t = 730,
          value_parser = clap::value_parser!(u32).range(180..=3650))]
    pub audit_retention_days: u32,
}

impl Default for StaffArgs {
    fn default() -> Self {
        StaffArgs {
            staff_session_hours: 8,
            staff_idle_minutes: 30,
            audit_retention_days: 730,
        }
    }
}

/// `YYYY-MM-DDTHH:MM` in the centres' time, as milliseconds since the epoch.
fn parse_fake_now(text: &str) -> Result<i64, String> {
    text.split_once('T')
        .and_then(|(date, time)| FixedClock::at(date, time))
        .map(|clock| clock.0)
        .ok_or_else(|| format!("'{text}' is not YYYY-MM-DDTHH:MM"))
}

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub db: Location,
    pub data: PathBuf,
    pub static_dir: PathBuf,
    /// Brotli/gzip the app and catalog before listening. Tests that don't
    /// look at encodings turn it off to spare the CPU.
    pub precompress: bool,
    /// How long a volunteer session lasts at most.
    pub session_hours: u32,
    /// How long an unused volunteer session lasts.
    pub session_idle_minutes: u32,
    /// Tests only: a clock fixed at these Unix milliseconds.
    pub fake_now: Option<i64>,
    /// What one client may try (look-ups, bookings) and whom to believe
    /// about the client's address.
    pub throttle: ThrottleArgs,
    /// Staff sessions and the audit log's retention.
    pub staff: StaffArgs,
    /// Text messages: delivery and reminder times.
    pub sms: crate::notify::SmsArgs,
    pub max_connections: usize,
    pub header_timeout_secs: u64,
}

impl Config {
    /// The machine's clock, or the fixed one `--fake-now` asks for.
    pub fn clock(&self) -> Arc<dyn Clock> {
        match self.fake_now {
            Some(millis) => Arc::new(FixedClock(millis)),
            None => Arc::new(SystemClock),
        }
    }
}

impl From<ServeArgs> for Config {
    fn from(a: ServeArgs) -> Config {
        Config {
            listen: a.listen,
            db: a.db,
            data: a.data,
            static_dir: a.static_dir,
            precompress: !a.no_precompress,
            session_hours: a.session_hours,
            session_idle_minutes: a.session_idle_minutes,
            fake_now: a.fake_now,
            throttle: a.throttle,
            staff: a.staff,
            sms: a.sms,
            max_connections: usize::try_from(a.max_connections).unwrap_or(usize::MAX),
            header_timeout_secs: a.header_timeout_secs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_work_with_and_without_serve() {
        let bare =
            Cli::try_parse_from(["linli-server", "--listen", "127.0.0.1:9"]).expect("parses");
        let bare = bare.serve_config().expect("serves");
        assert_eq!((bare.listen.port(), bare.session_hours), (9, 12));
        let sub = Cli::try_parse_from(["linli-server", "serve", "--db", "x.db"]).expect("parses");
        assert_eq!(
            sub.serve_config().expect("serves").db,
            Location::Sqlite(PathBuf::from("x.db"))
        );
    }

    #[test]
    fn a_fake_now_fixes_the_clock_for_tests() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from(args)
                .map(|c| c.serve_config().expect("serves"))
                .map_err(|e| e.kind())
        };
        let config = parse(&["linli-server", "--fake-now", "2026-11-27T11:40"]).expect("parses");
        assert_eq!(
            config.clock().now().to_rfc3339(),
            "2026-11-27T11:40:00+08:00"
        );
        assert!(parse(&["linli-server", "--fake-now", "2026-11-27 11:40"]).is_err());
        assert!(parse(&["linli-server", "--fake-now", "2026-11-27T25:00"]).is_err());
        assert_eq!(parse(&["linli-server"]).expect("parses").fake_now, None);
    }

    #[test]
    fn pin_commands_parse() {
        let set = Cli::try_parse_from([
            "linli-server",
            "pin",
            "set",
            "--center",
            "c1",
            "--pin",
            "246810",
            "--db",
            "x.db",
        ])
        .expect("parses");
        match set.action() {
            Action::Pin(PinCommand::Set { center, pin, store }) => {
                assert_eq!((center.as_str(), pin.as_deref()), ("c1", Some("246810")));
                assert_eq!(store.db, Location::Sqlite(PathBuf::from("x.db")));
            }
            _ => panic!("not pin set"),
        }
        let clear = Cli::try_parse_from(["linli-server", "pin", "clear", "--center", "c1"]);
        assert!(matches!(
            clear.expect("parses").action(),
            Action::Pin(PinCommand::Clear { .. })
        ));
        assert!(Cli::try_parse_from(["linli-server", "pin", "set"]).is_err());
        let hash = Cli::try_parse_from(["linli-server", "pin", "hash"]).expect("parses");
        assert!(matches!(
            hash.action(),
            Action::Pin(PinCommand::Hash {
                pin: None,
                iterations: 600_000
            })
        ));
        assert!(
            Cli::try_parse_from(["linli-server", "pin", "hash", "--iterations", "99999"]).is_err()
        );
        assert!(Cli::try_parse_from(["linli-server", "--session-hours", "0"]).is_err());
    }

    #[test]
    fn staff_sessions_and_audit_retention_have_bounds() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).map(|c| c.serve_config());
        let config = parse(&["linli-server"]).expect("parses").expect("serves");
        assert_eq!(
            (
                config.staff.staff_session_hours,
                config.staff.staff_idle_minutes,
                config.staff.audit_retention_days
            ),
            (8, 30, 730)
        );
        // Six months at least (the Cybersecurity Law's network logs).
        assert!(parse(&["linli-server", "--audit-retention-days", "90"]).is_err());
        assert!(parse(&["linli-server", "--audit-retention-days", "180"]).is_ok());
        assert!(parse(&["linli-server", "--staff-session-hours", "0"]).is_err());
    }

    #[test]
    fn admin_commands_take_no_password_flag() {
        let cli = Cli::try_parse_from([
            "linli-server",
            "admin",
            "create",
            "--user",
            "wang",
            "--role",
            "district_admin",
        ])
        .expect("parses");
        assert!(matches!(
            cli.action(),
            Action::Admin(AdminCommand::Create { .. })
        ));
        for args in [
            &[
                "linli-server",
                "admin",
                "create",
                "--user",
                "wang",
                "--role",
                "boss",
            ][..],
            &[
                "linli-server",
                "admin",
                "create",
                "--user",
                "w",
                "--role",
                "district_admin",
                "--password",
                "x",
            ],
            &[
                "linli-server",
                "admin",
                "set-password",
                "--user",
                "w",
                "--password",
                "x",
            ],
        ] {
            assert!(Cli::try_parse_from(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn import_bookings_parses() {
        let cli = Cli::try_parse_from([
            "linli-server",
            "import-bookings",
            "export.json",
            "--db",
            "x.db",
            "--dry-run",
        ])
        .expect("parses");
        match cli.action() {
            Action::ImportBookings(a) => {
                assert_eq!(a.file, PathBuf::from("export.json"));
                assert_eq!(a.store.db, Location::Sqlite(PathBuf::from("x.db")));
                assert!(a.dry_run);
            }
            _ => panic!("not import-bookings"),
        }
        assert!(Cli::try_parse_from(["linli-server", "import-bookings"]).is_err());
    }
}
