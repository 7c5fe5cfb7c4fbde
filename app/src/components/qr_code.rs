//! A QR code drawn in the app as one SVG path: no image crate, no outside
//! service, crisp at any size and on paper.

use std::fmt::Write;

use leptos::prelude::*;
use qrcodegen::{Mask, QrCode as Qr, QrCodeEcc, QrSegment, Version};

use crate::i18n::use_i18n;

/// The quiet zone scanners need around the code, in modules.
const BORDER: i32 = 4;

/// The code's width in modules and the path of its dark modules, one
/// rectangle per horizontal run (a much shorter path than one per module).
pub fn qr_path(text: &str) -> Option<(i32, String)> {
    // Booking codes are alphanumeric and short: one alphanumeric segment in
    // version 1 or 2, with a fixed mask, lets the optimiser drop the crate's
    // other modes, version search and mask scoring (the WASM size matters).
    // Any mask is valid; medium correction survives a creased paper receipt.
    if !QrSegment::is_alphanumeric(text) {
        return None;
    }
    let segments = [QrSegment::make_alphanumeric(text)];
    let (min, max) = (Version::new(1), Version::new(2));
    let mask = Some(Mask::new(0));
    let qr =
        Qr::encode_segments_advanced(&segments, QrCodeEcc::Medium, min, max, mask, false).ok()?;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !qr.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && qr.get_module(x, y) {
                x += 1;
            }
            let _ = write!(path, "M{start} {y}h{}v1H{start}z", x - start);
        }
    }
    Some((size, path))
}

#[component]
pub fn QrCode(text: String) -> impl IntoView {
    let i18n = use_i18n();
    qr_path(&text).map(|(size, path)| {
        let full = size + 2 * BORDER;
        view! {
            <svg
                class="qr"
                viewBox=format!("{} {} {full} {full}", -BORDER, -BORDER)
                role="img"
                aria-label=move || i18n.t().qr_label
                shape-rendering="crispEdges"
            >
                <path d=path fill="#000" />
            </svg>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_booking_code_fits_the_smallest_version() {
        let (size, path) = qr_path("K7QM-2P9D").expect("encodes");
        // Version 1 is 21 × 21 modules: alphanumeric codes stay tiny.
        assert_eq!(size, 21);
        // The three finder patterns start with a 7-module dark run at the top.
        assert!(path.starts_with("M0 0h7v1H0z"), "{path}");
        assert!(path.contains("M14 0h7v1H14z"), "{path}");
    }
}
