//! The test's database: a SQLite file in the test's folder, or, when
//! `LINLI_TEST_POSTGRES` names a PostgreSQL server (as `scripts/test.sh`'s
//! `postgres` stage sets it), a fresh database on that server. Every
//! integration test runs against whichever store this gives: the same
//! tests, parameterised.

use std::path::Path;

use linli_server::store::Location;
use serde_json::Value;
use tokio_postgres::NoTls;

/// The variable naming the PostgreSQL server for the tests.
pub const POSTGRES_VAR: &str = "LINLI_TEST_POSTGRES";

#[derive(Clone, Debug)]
pub struct TestDb {
    pub location: Location,
}

impl TestDb {
    /// A new, empty database for one test server.
    pub async fn fresh(dir: &Path) -> TestDb {
        let location = match std::env::var(POSTGRES_VAR) {
            Ok(admin) if !admin.is_empty() => Location::Postgres(fresh_postgres(&admin).await),
            _ => Location::Sqlite(dir.join("test.sqlite3")),
        };
        TestDb { location }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.location, Location::Postgres(_))
    }

    /// What `--db` takes for this database.
    pub fn arg(&self) -> String {
        match &self.location {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => url.clone(),
        }
    }

    /// Rows of a query written in SQL both stores read (`$1` parameters;
    /// cast every column to TEXT), as optional strings.
    pub async fn rows(&self, sql: &str, params: &[&str]) -> Vec<Vec<Option<String>>> {
        match &self.location {
            Location::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("db");
                let mut stmt = conn.prepare(sql).expect("query");
                let n = stmt.column_count();
                stmt.query_map(rusqlite::params_from_iter(params), |r| {
                    (0..n).map(|i| r.get::<_, Option<String>>(i)).collect()
                })
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("rows")
            }
            Location::Postgres(url) => {
                let client = connect(url).await;
                let params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|p| p as &(dyn tokio_postgres::types::ToSql + Sync))
                    .collect();
                client
                    .query(sql, &params)
                    .await
                    .expect("query")
                    .iter()
                    .map(|r| {
                        (0..r.len())
                            .map(|i| r.get::<_, Option<String>>(i))
                            .collect()
                    })
                    .collect()
            }
        }
    }

    /// Runs one statement; the database's refusal as text.
    pub async fn execute(&self, sql: &str) -> Result<u64, String> {
        match &self.location {
            Location::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("db");
                conn.execute(sql, [])
                    .map(|n| n as u64)
                    .map_err(|e| e.to_string())
            }
            Location::Postgres(url) => connect(url)
                .await
                .execute(sql, &[])
                .await
                .map_err(|e| format!("{e:?}")),
        }
    }

    /// The first column of the one row a query answers.
    pub async fn one(&self, sql: &str, params: &[&str]) -> Option<String> {
        let rows = self.rows(sql, params).await;
        assert_eq!(rows.len(), 1, "one row from {sql}");
        rows[0][0].clone()
    }

    /// The stored details of a booking answer, read straight from the table.
    pub async fn stored_details(&self, booking: &Value) -> Value {
        let code = booking["code"].as_str().expect("code").replace('-', "");
        let json = self
            .one(
                "SELECT details_json FROM bookings WHERE code = $1",
                &[&code],
            )
            .await
            .expect("stored");
        serde_json::from_str(&json).expect("json")
    }
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .expect("connects to the test PostgreSQL");
    tokio::spawn(connection);
    client
}

/// Creates a database with a random name next to the admin URL's.
async fn fresh_postgres(admin: &str) -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("random");
    let name = format!(
        "linli_t_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let client = connect(admin).await;
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create the test database");
    let (head, query) = match admin.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (admin, String::new()),
    };
    let authority_end = head.find("://").map_or(0, |i| i + 3);
    let base = match head[authority_end..].find('/') {
        Some(i) => &head[..authority_end + i],
        None => head,
    };
    format!("{base}/{name}{query}")
}
