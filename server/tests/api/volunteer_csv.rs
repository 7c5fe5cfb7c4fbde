//! The roster as CSV: BOM, header, CRLF rows, masking, formula escaping.

use crate::common;

use common::volunteer::{CENTER, MONDAY, book_ok as book, monday};
use common::{TestServer, lunch, meal_request};
use reqwest::{Method, StatusCode, header};
use serde_json::json;

/// A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF rows.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => panic!("unquoted {c:?}"),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last row ends with CRLF"
    );
    rows
}

#[tokio::test]
async fn the_csv_opens_in_excel_masked_and_without_formulas() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    monday(&s).await;
    let mut evil = meal_request(&lunch(MONDAY), "13900009999", 1);
    evil["name"] = json!("=HYPERLINK(\"x\")");
    let evil = book(&s, evil).await;
    // A cancelled booking is left out of the file.
    let gone = book(&s, meal_request(&lunch(MONDAY), "13900008888", 1)).await;
    assert_eq!(s.act(&token, &gone, "cancel").await.0, StatusCode::OK);

    let r = s
        .call(
            Method::GET,
            &format!("/api/v1/volunteer/roster.csv?date={MONDAY}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        r.headers()[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"roster-{CENTER}-{MONDAY}.csv\"").as_str()
    );
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
    let bytes = r.bytes().await.expect("body");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM first");
    let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
    for secret in [
        "13812345678",
        "52345678",
        "张阿姨",
        "需要轮椅",
        "楼上漏水",
        "HYPERLINK",
    ] {
        assert!(!text.contains(secret), "{secret} in the CSV");
    }
    let rows = parse_csv(text);
    assert_eq!(
        rows[0],
        [
            "时段",
            "服务",
            "预约码",
            "称呼",
            "电话",
            "人数",
            "状态",
            "用餐方式",
            "饮食需求",
            "地址",
            "类别",
            "渠道"
        ]
    );
    assert_eq!(
        rows.len(),
        1 + 5,
        "header and the five bookings not cancelled"
    );
    assert!(rows.iter().all(|r| r.len() == 12));
    let lunch_row = rows
        .iter()
        .find(|r| r[3] == "张*")
        .expect("the first lunch");
    assert_eq!(
        &lunch_row[..3],
        ["11:00-12:30", lunch_row[1].as_str(), lunch_row[2].as_str()]
    );
    assert_eq!(
        (
            lunch_row[4].as_str(),
            lunch_row[5].as_str(),
            lunch_row[6].as_str()
        ),
        ("*******5678", "2", "已预约")
    );
    assert_eq!(
        (lunch_row[7].as_str(), lunch_row[8].as_str()),
        ("堂食", "少盐、软烂易嚼")
    );
    let evil_row = rows.iter().find(|r| r[2] == evil["code"]).expect("listed");
    assert_eq!(evil_row[3], "'=*", "a formula is shown as text");
    let mediation = rows
        .iter()
        .find(|r| r[10] == "邻里纠纷")
        .expect("mediation row");
    assert_eq!(mediation[11], "手机");
}
