//! `linli-server pin hash`, run as the real binary: the line it prints is
//! the model's device PIN hash format and verifies the PIN.

use std::process::{Command, Output};

use linli_model::staff::DevicePinHash;
use linli_server::device_pin::verify_device_pin;

fn pin_hash(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .args(["pin", "hash"])
        .args(args)
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_given_pin_gives_one_line_that_verifies() {
    let out = pin_hash(&["--pin", "975310", "--iterations", "100000"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "only the line: {stdout}");
    let hash: DevicePinHash = stdout.trim().parse().expect("the model reads it");
    assert_eq!(hash.iterations(), 100_000);
    assert!(verify_device_pin(&hash, "975310"));
    assert!(!verify_device_pin(&hash, "975311"));
    assert!(!stdout.contains("975310") && !text(&out.stderr).contains("975310"));
    assert!(text(&out.stderr).contains("volunteer_pins"));
}

#[test]
fn a_generated_pin_is_shown_once_and_verifies() {
    // Fewer rounds than the default (600,000, see config.rs's tests) to
    // keep a debug build's test quick.
    let out = pin_hash(&["--iterations", "100000"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hash: DevicePinHash = text(&out.stdout).trim().parse().expect("parses");
    assert_eq!(hash.iterations(), 100_000);
    let stderr = text(&out.stderr);
    let pin = stderr
        .split_whitespace()
        .find(|w| w.len() == 10 && w.bytes().all(|b| b.is_ascii_digit()))
        .expect("the new PIN is shown");
    assert!(verify_device_pin(&hash, pin));
}

#[test]
fn bad_pins_and_iterations_fail_loudly() {
    for args in [
        &["--pin", "123456"][..],
        &["--pin", "12a456"],
        &["--pin", "975310", "--iterations", "1000"],
        &["--pin", "975310", "--iterations", "many"],
    ] {
        let out = pin_hash(args);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!text(&out.stderr).is_empty(), "{args:?}");
    }
}
