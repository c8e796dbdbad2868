#![no_main]

// The regular expressions the redactor's scanner replaced, shared with baton-core's unit tests.
#[path = "../../crates/core/src/redact/regex_reference.rs"]
mod regex_reference;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    baton_core::fuzzing::redact(data);
    if let Ok(line) = std::str::from_utf8(data) {
        regex_reference::assert_masks_at_least(line, &baton_core::redact::credential_hits(line));
    }
});
