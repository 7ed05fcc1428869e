//! The committed pictures in `screenshots/` are what the code renders.
//! After changing a view, regenerate them with
//! `cargo run --example screenshots`.

#[test]
fn committed_screenshots_match_what_the_code_renders() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let shots = accord::tui::testing::screenshots().unwrap();
    assert!(shots.len() >= 12);
    let mut stale = Vec::new();
    for (file, svg) in &shots {
        match std::fs::read_to_string(dir.join(file)) {
            Ok(committed) if committed == *svg => {}
            Ok(_) => stale.push(format!("{file} differs")),
            Err(e) => stale.push(format!("{file}: {e}")),
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots out of date ({}); run `cargo run --example screenshots`",
        stale.join(", ")
    );
}
