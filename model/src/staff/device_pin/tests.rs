use super::*;

const SALT_HEX: &str = "6c696e6c692d6465766963652d70696e";
const KEY_HEX: &str = "28c63f2a673965f56ddfe0c725e43962a25f07e7a39a66736cbe50df7a9c3f68";

#[test]
fn the_test_vector_reads_and_writes_back() {
    let h: DevicePinHash = TEST_VECTOR.parse().expect("parses");
    assert_eq!(h.iterations(), DEFAULT_ITERATIONS);
    assert_eq!(h.salt(), b"linli-device-pin");
    assert_eq!(h.key()[..4], [0x28, 0xc6, 0x3f, 0x2a]);
    assert_eq!(h.to_string(), TEST_VECTOR);
    assert_eq!(
        TEST_VECTOR,
        format!("pbkdf2-sha256$600000${SALT_HEX}${KEY_HEX}")
    );
    assert_eq!(DevicePinHash::password(TEST_VECTOR_PIN), b"246810");
    assert_eq!(DevicePinHash::password(" 246810\n"), b"246810");
}

#[test]
fn matches_compares_the_whole_key() {
    let h: DevicePinHash = TEST_VECTOR.parse().expect("parses");
    let key = *h.key();
    assert!(h.matches(&key));
    let mut last = key;
    last[KEY_LEN - 1] ^= 1;
    assert!(!h.matches(&last));
    assert!(!h.matches(&key[..KEY_LEN - 1]));
    assert!(!h.matches(&[]));
    let mut longer = key.to_vec();
    longer.push(0);
    assert!(!h.matches(&longer));
}

#[test]
fn config_json_holds_it_as_a_string() {
    let json = format!(r#"{{"dongshan-zhushan": "{TEST_VECTOR}"}}"#);
    let pins: std::collections::BTreeMap<String, DevicePinHash> =
        serde_json::from_str(&json).expect("parses");
    assert_eq!(pins["dongshan-zhushan"].to_string(), TEST_VECTOR);
    assert_eq!(
        serde_json::to_string(&pins["dongshan-zhushan"]).expect("json"),
        format!("\"{TEST_VECTOR}\"")
    );
    let bad: Result<DevicePinHash, _> = serde_json::from_str(r#""pbkdf2-sha256$1$00$00""#);
    assert!(bad.is_err());
}

#[test]
fn malformed_lines_say_what_is_wrong() {
    use DevicePinHashError as E;
    let line = |it: &str, salt: &str, key: &str| format!("pbkdf2-sha256${it}${salt}${key}");
    let cases = [
        (String::new(), E::Malformed),
        ("pbkdf2-sha256$600000$ab".into(), E::Malformed),
        (format!("{TEST_VECTOR}$"), E::Malformed),
        (TEST_VECTOR.replace("sha256", "sha1"), E::UnknownAlgorithm),
        (
            format!("$argon2id$v=19$m=19456,t=2,p=1${SALT_HEX}"),
            E::UnknownAlgorithm,
        ),
        (line("99999", SALT_HEX, KEY_HEX), E::Iterations),
        (line("10000001", SALT_HEX, KEY_HEX), E::Iterations),
        (line("0600000", SALT_HEX, KEY_HEX), E::Iterations),
        (line("+600000", SALT_HEX, KEY_HEX), E::Iterations),
        (line("", SALT_HEX, KEY_HEX), E::Iterations),
        (line("99999999999", SALT_HEX, KEY_HEX), E::Iterations),
        (line("600000", &SALT_HEX[2..], KEY_HEX), E::Salt),
        (line("600000", &SALT_HEX.to_uppercase(), KEY_HEX), E::Salt),
        (line("600000", &format!("{SALT_HEX}00"), KEY_HEX), E::Salt),
        (line("600000", SALT_HEX, &KEY_HEX[..62]), E::Key),
        (line("600000", SALT_HEX, &KEY_HEX.replace('a', "g")), E::Key),
    ];
    for (input, expected) in cases {
        assert_eq!(input.parse::<DevicePinHash>(), Err(expected), "{input}");
    }
    // Limits are inclusive; surrounding whitespace (a pasted line) is fine.
    assert!(
        line("100000", SALT_HEX, KEY_HEX)
            .parse::<DevicePinHash>()
            .is_ok()
    );
    assert!(
        line("10000000", SALT_HEX, KEY_HEX)
            .parse::<DevicePinHash>()
            .is_ok()
    );
    assert!(format!(" {TEST_VECTOR}\n").parse::<DevicePinHash>().is_ok());
}

#[test]
fn new_checks_the_iterations() {
    let salt = [7u8; SALT_LEN];
    let key = [9u8; KEY_LEN];
    assert_eq!(
        DevicePinHash::new(MIN_ITERATIONS - 1, salt, key),
        Err(DevicePinHashError::Iterations)
    );
    let h = DevicePinHash::new(MIN_ITERATIONS, salt, key).expect("valid");
    assert_eq!(
        h.to_string(),
        format!(
            "pbkdf2-sha256$100000${}${}",
            "07".repeat(16),
            "09".repeat(32)
        )
    );
    assert_eq!(h.to_string().parse::<DevicePinHash>(), Ok(h));
}
