//! `linli-server pin set|clear`, run as the real binary against a running
//! server's database.

use crate::common;

use std::process::{Command, Output};

use common::volunteer::{CENTER, DEMO_PIN};
use common::{TestServer, data_dir};
use reqwest::StatusCode;

fn pin(s: &TestServer, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .arg("pin")
        .args(args)
        .arg("--db")
        .arg(s.db.arg())
        .arg("--data")
        .arg(data_dir())
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn a_given_pin_is_set_and_never_printed() {
    let s = TestServer::start().await;
    let out = pin(&s, &["set", "--center", CENTER, "--pin", DEMO_PIN]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains(DEMO_PIN) && !text(&out.stderr).contains(DEMO_PIN));
    assert_eq!(
        s.try_sign_in(CENTER, DEMO_PIN).await.status(),
        StatusCode::OK
    );

    let out = pin(&s, &["clear", "--center", CENTER]);
    assert!(out.status.success());
    assert_eq!(
        s.try_sign_in(CENTER, DEMO_PIN).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_generated_pin_is_printed_once_and_works() {
    let s = TestServer::start().await;
    let out = pin(&s, &["set", "--center", CENTER]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let generated: String = stdout
        .split_whitespace()
        .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
        .expect("a 6-digit PIN printed")
        .to_owned();
    assert_eq!(
        s.try_sign_in(CENTER, &generated).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn unknown_centres_and_bad_pins_fail_loudly() {
    let s = TestServer::start().await;
    let out = pin(&s, &["set", "--center", "nowhere", "--pin", DEMO_PIN]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("nowhere"),
        "{}",
        text(&out.stderr)
    );
    for bad in ["12345", "123456", "12345a", "1234567890123"] {
        let out = pin(&s, &["set", "--center", CENTER, "--pin", bad]);
        assert!(!out.status.success(), "{bad}");
        assert!(!text(&out.stderr).is_empty());
    }
    let out = pin(&s, &["clear", "--center", "nowhere"]);
    assert!(!out.status.success());
}
