//! The shared fixtures under `tests/` at the repository's root, which Python and Kotlin
//! read too.

use std::path::PathBuf;

/// The path of a shared fixture, relative to the repository's `tests/`.
pub fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests")
        .join(path)
}

/// The text of a shared fixture.
pub fn read(path: &str) -> String {
    std::fs::read_to_string(shared(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Compares `actual` with the committed file, or rewrites the file when blessing.
pub fn expect_file(path: &str, actual: &str) {
    if std::env::var_os("CALLWISE_BLESS").is_some() {
        std::fs::write(shared(path), actual).unwrap();
    }
    let expected = read(path);
    assert!(
        expected == actual,
        "{path} differs from what callwise now gives; rerun with CALLWISE_BLESS=1 if intended"
    );
}
