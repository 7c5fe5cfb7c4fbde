//! What residents and staff type must be what others see: no control
//! characters, no Unicode format characters (general category Cf: zero-width
//! spaces, right-to-left overrides, invisible separators) that could hide or
//! reorder a name on a roster, and at least one visible character.

/// The general category Cf of Unicode 16, as ranges. Written out rather than
/// taken from a full category table so the WASM stays small; a test checks
/// it against the `unicode-properties` crate.
const FORMAT: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

/// A Unicode format character (category Cf).
pub fn is_format(c: char) -> bool {
    FORMAT.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// Whether `text` may be stored as typed: no control character (except the
/// ones in `allowed`, e.g. a newline in a note), no format character, and
/// something visible.
pub fn is_visible_text(text: &str, allowed: &[char]) -> bool {
    let clean = text
        .chars()
        .all(|c| allowed.contains(&c) || !(c.is_control() || is_format(c)));
    clean && text.chars().any(|c| !c.is_whitespace() && !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

    #[test]
    fn the_table_is_exactly_category_cf() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let cf = c.general_category() == GeneralCategory::Format;
            assert_eq!(is_format(c), cf, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn invisible_and_reordering_text_is_refused() {
        assert!(is_visible_text("张阿姨", &[]));
        assert!(is_visible_text("Anna Li", &[]));
        assert!(
            !is_visible_text("张\u{202E}阿姨", &[]),
            "right-to-left override"
        );
        assert!(!is_visible_text("\u{200B}", &[]), "zero-width space only");
        assert!(
            !is_visible_text("王\u{200B}", &[]),
            "a zero-width space inside"
        );
        assert!(!is_visible_text("\u{3000}", &[]), "ideographic space only");
        assert!(!is_visible_text("a\nb", &[]));
        assert!(is_visible_text("a\nb", &['\n']));
        assert!(!is_visible_text("\n", &['\n']));
    }
}
