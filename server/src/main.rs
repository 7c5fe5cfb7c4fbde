//! `linli-server [flags]`: see `config.rs` for the flags and their variables.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use linli_server::admin::AdminOutcome;
use linli_server::clock::{Clock, SystemClock};
use linli_server::config::{Action, AdminCommand, Cli, ImportArgs, PinCommand};
use linli_server::pin::PinOutcome;
use tracing_subscriber::EnvFilter;

/// How long requests in flight may take to finish after SIGTERM/Ctrl-C.
const GRACE: Duration = Duration::from_secs(4);

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Cli::parse().action() {
        Action::Serve(config) => config,
        Action::Pin(command) => return pin(command).await,
        Action::Admin(command) => return admin(command).await,
        Action::ImportBookings(args) => return import_bookings(args).await,
        Action::Backup { out, db } => {
            return report(
                "backup",
                linli_server::backup::backup(&db, &out)
                    .map(|n| format!("{} bookings copied to {} and checked", n, out.display())),
            );
        }
        Action::ExportCatalog { out, db } => {
            return report(
                "export-catalog",
                linli_server::export_catalog::export(&db, &out)
                    .await
                    .map(|(n, generation)| {
                        format!(
                            "{n} catalog files written to {} (edits saved: {generation})",
                            out.display()
                        )
                    }),
            );
        }
        Action::Restore { file, db } => {
            return report(
                "restore",
                linli_server::backup::restore(&file, &db)
                    .map(|n| format!("{} restored into {db}: {n} bookings", file.display())),
            );
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    if config.fake_now.is_some() {
        tracing::warn!("the clock is fixed by --fake-now / LINLI_FAKE_NOW: for tests only");
    }
    let state = match linli_server::start(&config, config.clock()).await {
        Ok(state) => state,
        Err(e) => {
            eprintln!("linli-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("linli-server: can't listen on {}: {e}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(config.listen);
    let signal = linli_server::shutdown_signal();
    // Scripts and tests read this line to find the port.
    println!("Linli listening on http://{addr}/");
    let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        signal.await;
        let _ = stopping.send(());
    };
    // Requests in flight get a grace period; a client that holds its
    // connection open can't keep the server from stopping.
    let deadline = async move {
        if stopped.await.is_ok() {
            tokio::time::sleep(GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    let closer = state.store.closer();
    tokio::select! {
        result = linli_server::serve(listener, state, shutdown) => match result {
            Ok(()) => {
                // Every Store clone went with the router: let the writer
                // commit and close the database (WAL checkpoint).
                let closed = tokio::task::spawn_blocking(move || closer.wait(GRACE)).await;
                if !matches!(closed, Ok(true)) {
                    tracing::warn!("the database did not close in time");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("linli-server: {e}");
                ExitCode::FAILURE
            }
        },
        () = deadline => {
            tracing::warn!("requests still open after the grace period: stopping anyway");
            ExitCode::SUCCESS
        }
    }
}

/// One line for a command's outcome: stdout when it worked, stderr when not.
fn report(command: &str, outcome: Result<String, impl std::fmt::Display>) -> ExitCode {
    match outcome {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("linli-server {command}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `linli-server import-bookings FILE`: the report on stdout; failure if
/// anything conflicted, so a script notices.
async fn import_bookings(args: ImportArgs) -> ExitCode {
    match linli_server::import::run(args).await {
        Ok(report) => {
            print!("{report}");
            if report.conflicts.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("linli-server import-bookings: {e}");
            eprintln!("Nothing was imported.");
            ExitCode::FAILURE
        }
    }
}

/// The password for `admin`: typed at a prompt without echo, twice; or
/// the first line of stdin when it is not a terminal (a script, a pipe).
fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Again: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\n', '\r']).to_owned())
    }
}

/// `linli-server admin create|set-password`. Never prints the password.
async fn admin(command: AdminCommand) -> ExitCode {
    let password = match read_password() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("linli-server admin: can't read the password: {e}");
            return ExitCode::FAILURE;
        }
    };
    match linli_server::admin::run(command, &password, SystemClock.unix_millis()).await {
        Ok(AdminOutcome::Created { user, role }) => {
            println!("Account {user} ({role}) created; it can sign in at /manage.");
            ExitCode::SUCCESS
        }
        Ok(AdminOutcome::PasswordSet { user }) => {
            println!("Password set for {user}; its sessions have ended.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("linli-server admin: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `linli-server pin set|clear|hash`. Prints nothing secret except a
/// generated PIN, once.
async fn pin(command: PinCommand) -> ExitCode {
    match linli_server::pin::run(command, SystemClock.unix_millis()).await {
        Ok(PinOutcome::Set {
            center,
            generated: Some(pin),
        }) => {
            println!("New PIN for {center}: {pin}");
            println!(
                "It is shown only now and stored hashed; the centre's volunteers were signed out."
            );
            ExitCode::SUCCESS
        }
        Ok(PinOutcome::Set {
            center,
            generated: None,
        }) => {
            println!("PIN set for {center}; the centre's volunteers were signed out.");
            ExitCode::SUCCESS
        }
        Ok(PinOutcome::Cleared { center, had_pin }) => {
            if had_pin {
                println!(
                    "PIN cleared for {center}: nobody can sign in there until a new one is set."
                );
            } else {
                println!("{center} had no PIN.");
            }
            ExitCode::SUCCESS
        }
        Ok(PinOutcome::Hashed { hash, generated }) => {
            // Only the line on stdout, so a script can capture it; the
            // words for the person at the terminal go to stderr.
            println!("{hash}");
            if let Some(pin) = generated {
                eprintln!("New PIN: {pin} (shown only now; only its hash is printed above)");
            }
            eprintln!(
                "Put the line above into the static kiosk's config.json: \
                 \"volunteer_pins\": {{\"<centre id>\": \"<line>\"}}"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("linli-server pin: {e}");
            ExitCode::FAILURE
        }
    }
}
