use super::*;

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("id")
}

fn user(s: &str) -> UserName {
    UserName::parse(s).expect("valid")
}

#[test]
fn user_names_are_folded_ascii_words() {
    assert_eq!(user(" Wang.Li ").as_str(), "wang.li");
    assert_eq!(user("zhushan_01").as_str(), "zhushan_01");
    assert_eq!(user("abc").as_str(), "abc");
    for bad in [
        "ab",
        "",
        "王丽",
        "wang li",
        ".wang",
        "-x-y",
        &"a".repeat(33),
        "a@b.c",
    ] {
        assert_eq!(
            UserName::parse(bad),
            Err(AccountError::UserNameInvalid),
            "{bad}"
        );
    }
    let read: UserName = serde_json::from_str(r#""Admin""#).expect("reads");
    assert_eq!(read.as_str(), "admin");
    assert!(serde_json::from_str::<UserName>(r#""a b""#).is_err());
}

#[test]
fn passwords_are_long_and_not_obvious() {
    let me = user("wang.li");
    assert!(
        Password::new("碧水蓝天2026秋", &me).is_err(),
        "9 characters"
    );
    assert!(
        Password::new("碧水蓝天2026秋冬", &me).is_ok(),
        "10, in Chinese"
    );
    assert!(Password::new("correct horse battery", &me).is_ok());
    assert_eq!(
        Password::new(&"x".repeat(129), &me),
        Err(AccountError::PasswordLength)
    );
    assert!(Password::new(&"xy1z".repeat(32), &me).is_ok(), "128");
    assert_eq!(
        Password::new("tab\there-ok-1", &me),
        Err(AccountError::PasswordInvalid)
    );
    for weak in [
        "aaaaaaaaaaaa",
        "1234567890",
        "9876543210",
        "abababababab",
        "Password123",
        "qwertyuiop!",
        "5201314520",
        "wang.li.2026!",
        "WANG.LI-secret",
    ] {
        assert_eq!(
            Password::new(weak, &me),
            Err(AccountError::PasswordTooWeak),
            "{weak}"
        );
    }
    // Common words inside longer ones are fine.
    assert!(Password::new("badminton-on-friday", &me).is_ok());
    let p = Password::new("correct horse battery", &me).expect("valid");
    assert_eq!(format!("{p:?}"), "Password(…)");
}

#[test]
fn roles_need_exactly_their_scope() {
    let street: StreetId = id("dongshan");
    let center: CenterId = id("dongshan-zhushan");
    use RoleKind as K;
    assert_eq!(
        Role::from_parts(K::DistrictAdmin, None, None),
        Ok(Role::DistrictAdmin)
    );
    assert_eq!(
        Role::from_parts(K::StreetOffice, Some(street.clone()), None),
        Ok(Role::StreetOffice(street.clone()))
    );
    assert_eq!(
        Role::from_parts(K::CenterManager, None, Some(center.clone())),
        Ok(Role::CenterManager(center.clone()))
    );
    let invalid = Err(AccountError::RoleScopeInvalid);
    assert_eq!(
        Role::from_parts(K::DistrictAdmin, Some(street.clone()), None),
        invalid
    );
    assert_eq!(Role::from_parts(K::StreetOffice, None, None), invalid);
    assert_eq!(
        Role::from_parts(K::StreetOffice, None, Some(center.clone())),
        invalid
    );
    assert_eq!(
        Role::from_parts(K::CenterManager, Some(street), Some(center)),
        invalid
    );
    for k in RoleKind::ALL {
        assert_eq!(RoleKind::parse(k.as_str()), Some(k));
        let wire = serde_json::to_string(&k).expect("serializes");
        assert_eq!(wire, format!("\"{}\"", k.as_str()));
    }
}

#[test]
fn scope_follows_the_district_street_centre_tree() {
    let dongshan: StreetId = id("dongshan");
    let chunhua: StreetId = id("chunhua");
    let zhushan: CenterId = id("dongshan-zhushan");
    let other_in_street: CenterId = id("dongshan-shangyuan");
    let elsewhere: CenterId = id("chunhua-jiexi");
    let zhushan_t = Target::Center {
        center: &zhushan,
        street: &dongshan,
    };
    let sibling_t = Target::Center {
        center: &other_in_street,
        street: &dongshan,
    };
    let elsewhere_t = Target::Center {
        center: &elsewhere,
        street: &chunhua,
    };
    let admin = Role::DistrictAdmin;
    let street = Role::StreetOffice(dongshan.clone());
    let manager = Role::CenterManager(zhushan.clone());
    use Access::{Edit, Operate, Read};
    let all = [Read, Edit, Operate];

    let targets = [
        Target::District,
        Target::Accounts,
        Target::Street(&dongshan),
        Target::Street(&chunhua),
        zhushan_t,
        sibling_t,
        elsewhere_t,
    ];
    for t in targets {
        for a in all {
            assert!(may(&admin, a, t), "admin {a:?} {t:?}");
        }
    }
    // Street office: its street and its centres, read and edit, no more.
    for t in [Target::Street(&dongshan), zhushan_t, sibling_t] {
        assert!(may(&street, Read, t) && may(&street, Edit, t), "{t:?}");
        assert!(!may(&street, Operate, t), "{t:?}");
    }
    for t in [
        Target::District,
        Target::Accounts,
        Target::Street(&chunhua),
        elsewhere_t,
    ] {
        for a in all {
            assert!(!may(&street, a, t), "street {a:?} {t:?}");
        }
    }
    // Centre manager: its centre only, everything there.
    for a in all {
        assert!(may(&manager, a, zhushan_t), "{a:?}");
        for t in [
            Target::District,
            Target::Accounts,
            Target::Street(&dongshan),
            sibling_t,
            elsewhere_t,
        ] {
            assert!(!may(&manager, a, t), "manager {a:?} {t:?}");
        }
    }
}

#[test]
fn the_audit_log_is_for_the_district_and_the_streets() {
    let dongshan: StreetId = id("dongshan");
    assert_eq!(Role::DistrictAdmin.audit_view(), Some(AuditView::All));
    assert_eq!(
        Role::StreetOffice(dongshan.clone()).audit_view(),
        Some(AuditView::Street(dongshan))
    );
    assert_eq!(
        Role::CenterManager(id("dongshan-zhushan")).audit_view(),
        None
    );
}

#[test]
fn accounts_read_back_their_role() {
    let json = r#"{"user_name":"li.na","role":"center_manager","street_id":null,
        "center_id":"dongshan-zhushan","disabled":false,"created_at":"2026-11-27T10:00:00+08:00"}"#;
    let a: Account = serde_json::from_str(json).expect("reads");
    assert_eq!(a.role(), Ok(Role::CenterManager(id("dongshan-zhushan"))));
    let wrong = json.replace("center_manager", "street_office");
    let b: Account = serde_json::from_str(&wrong).expect("reads");
    assert_eq!(b.role(), Err(AccountError::RoleScopeInvalid));
}
