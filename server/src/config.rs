//! Command-line flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}

impl Cli {
    /// The serve flags, whether given bare or after `serve`.
    pub fn serve_config(self) -> Config {
        match self.command {
            Some(Command::Serve(args)) => args.into(),
            None => self.serve.into(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LINLI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// SQLite database file; created and migrated if needed.
    #[arg(long, env = "LINLI_DB", default_value = "linli.sqlite3")]
    pub db: PathBuf,
    /// Catalog folder: catalog.json and centers/*.json.
    #[arg(long, env = "LINLI_DATA", default_value = "public/data")]
    pub data: PathBuf,
    /// The built app (trunk's dist/). Missing: only the API is served.
    #[arg(long, env = "LINLI_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,
    /// Skip brotli/gzip at start-up (a faster start for development).
    #[arg(long, env = "LINLI_NO_PRECOMPRESS")]
    pub no_precompress: bool,
}

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub db: PathBuf,
    pub data: PathBuf,
    pub static_dir: PathBuf,
    /// Brotli/gzip the app and catalog before listening. Tests that don't
    /// look at encodings turn it off to spare the CPU.
    pub precompress: bool,
}

impl From<ServeArgs> for Config {
    fn from(a: ServeArgs) -> Config {
        Config {
            listen: a.listen,
            db: a.db,
            data: a.data,
            static_dir: a.static_dir,
            precompress: !a.no_precompress,
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
        assert_eq!(bare.serve_config().listen.port(), 9);
        let sub = Cli::try_parse_from(["linli-server", "serve", "--db", "x.db"]).expect("parses");
        assert_eq!(sub.serve_config().db, PathBuf::from("x.db"));
    }
}
