//! The audit log as CSV for Excel and WPS (`GET /manage/audit.csv`).

use crate::clock::rfc3339;
use crate::store::AuditRow;

const HEADER: [&str; 10] = [
    "时间",
    "用户",
    "角色",
    "操作",
    "街道",
    "服务中心",
    "对象",
    "编号",
    "修改前",
    "修改后",
];

/// A leading `=`, `+`, `-`, `@` (or tab, CR) gets a `'`, so a spreadsheet
/// shows the text instead of running it as a formula.
fn guard(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// The entries as CSV: a UTF-8 BOM (without it Excel reads the Chinese
/// as GBK), CRLF lines, every field quoted, Chinese headers.
pub fn render(rows: Vec<AuditRow>) -> Result<String, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{feff}".as_bytes()));
    out.write_record(HEADER)?;
    for r in rows {
        let id = r.id.to_string();
        let nobody = if r.action == "sign_in_failed" {
            "(未知用户)"
        } else {
            "(命令行)"
        };
        out.write_record(
            [
                rfc3339(r.at_millis),
                r.user_name.unwrap_or_else(|| nobody.into()),
                r.role.unwrap_or_default(),
                r.action,
                r.street_id.unwrap_or_default(),
                r.center_id.unwrap_or_default(),
                r.target.unwrap_or_default(),
                id,
                r.before.unwrap_or_default(),
                r.after.unwrap_or_default(),
            ]
            .map(guard),
        )?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_quoted_cells_and_no_formulas() {
        let row = AuditRow {
            id: 7,
            at_millis: 1_795_746_600_000,
            user_name: None,
            role: None,
            action: "account_created".into(),
            street_id: None,
            center_id: None,
            target: Some("=cmd()".into()),
            before: None,
            after: Some(r#"{"user_name":"li \"x\""}"#.into()),
        };
        let text = render(vec![row]).expect("csv");
        assert!(text.starts_with("\u{feff}\"时间\""), "{text}");
        assert!(text.contains("\"(命令行)\""));
        assert!(text.contains("\"'=cmd()\""));
        assert!(
            text.contains(r#","{""user_name"":""li \""x\""""}""#),
            "{text}"
        );
        assert!(text.ends_with("\r\n"));
    }
}
