//! The home screen as plain HTML in `index.html` (between `<!-- shell -->`
//! markers), painted before the WebAssembly arrives and replaced by the app
//! when it mounts (`main.rs`). It is made here from the same strings and
//! kinds as the app's home screen, and a test keeps `index.html` equal to
//! it: `LINLI_UPDATE_SHELL=1 cargo test -p linli-app shell` rewrites it.
//!
//! Inert: a tap before the app is there does nothing, rather than a full
//! page load that would drop a kiosk's `?mode=kiosk&center=…`. Hidden from
//! assistive technology (and so from tests that look by role): the app's
//! own page, a moment later, is the one to read and use.

use linli_model::ServiceKind;

use crate::i18n::strings;

/// The home screen's markup in the first configured language (Chinese),
/// with the classes the app's components render.
pub fn home_shell() -> String {
    let t = strings(linli_model::Lang::Zh);
    let tiles: String = ServiceKind::ALL
        .iter()
        .map(|&kind| {
            let k = t.kind(kind);
            format!(
                "<li><a href=\"book/{kind}\" class=\"tile tile-{kind}\">\
                 <span class=\"tile-icon\" aria-hidden=\"true\">{}</span>\
                 <span class=\"tile-name\">{}</span>\
                 <span class=\"tile-hint\">{}</span></a></li>",
                k.icon, k.name, k.hint
            )
        })
        .collect();
    format!(
        "<div class=\"app\" id=\"shell\" inert aria-hidden=\"true\">\
         <header class=\"top-bar\">\
         <a href=\"./\" class=\"brand\"><span class=\"brand-name\">{app}</span>\
         <span class=\"brand-tagline\">{tagline}</span></a>\
         <nav class=\"top-actions\"><a href=\"./\" class=\"button secondary\">{home}</a>\
         <button class=\"button secondary\" type=\"button\" lang=\"en\">{other}</button></nav>\
         <div class=\"display-tools\">\
         <button class=\"button secondary toggle\" type=\"button\">{large}</button>\
         <button class=\"button secondary toggle\" type=\"button\">{contrast}</button>\
         <button class=\"button secondary read-aloud\" type=\"button\">{read}</button>\
         <p class=\"speech-status\"></p></div></header>\
         <main class=\"page\"><h1>{title}</h1><ul class=\"tiles\">{tiles}</ul>\
         <a href=\"my\" class=\"my-entry\"><span class=\"my-entry-icon\" aria-hidden=\"true\">{my_icon}</span>\
         <span class=\"my-entry-name\">{my}</span><span class=\"my-entry-hint\">{my_hint}</span></a>\
         <p class=\"staff-entry\"><a href=\"volunteer\" class=\"button secondary\">{staff}</a></p>\
         </main></div>",
        app = t.app_name,
        tagline = t.app_tagline,
        home = t.home,
        other = t.other_language,
        large = t.large_text,
        contrast = t.high_contrast,
        read = t.read_aloud,
        title = t.home_title,
        my_icon = t.icon_my,
        my = t.my_title,
        my_hint = t.my_entry_hint,
        staff = t.staff_entry,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str = "<!-- shell -->";
    const END: &str = "<!-- /shell -->";

    #[test]
    fn index_html_carries_the_home_screen_the_app_renders() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/index.html");
        let html = std::fs::read_to_string(path).expect("app/index.html");
        let (Some(start), Some(end)) = (html.find(START), html.find(END)) else {
            panic!("app/index.html has no {START} … {END} block");
        };
        let inside = html[start + START.len()..end].trim();
        let wanted = home_shell();
        if inside != wanted && std::env::var_os("LINLI_UPDATE_SHELL").is_some() {
            let updated = format!("{}{START}\n  {wanted}\n  {}", &html[..start], &html[end..]);
            std::fs::write(path, updated).expect("write app/index.html");
            return;
        }
        assert_eq!(
            inside, wanted,
            "app/index.html's shell differs from the app's home screen: \
             run LINLI_UPDATE_SHELL=1 cargo test -p linli-app shell"
        );
    }

    #[test]
    fn the_shell_names_every_service() {
        let shell = home_shell();
        for kind in ServiceKind::ALL {
            assert!(shell.contains(&format!("tile-{kind}")), "{kind}");
        }
        assert!(!shell.contains('{'), "an unfilled placeholder: {shell}");
    }
}
