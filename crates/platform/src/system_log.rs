//! The operating system's own log: the unified log (os_log) on macOS, nothing elsewhere (Linux
//! gets stderr and the log file only). Messages arrive here already redacted by
//! `baton_core::redact`. They carry user names, DNs and serials, so they are logged as
//! `%{private}s`: shown as `<private>` in the unified log and sysdiagnose unless an
//! administrator enables private data with a logging profile (`com.apple.system.logging`);
//! the full lines are in Baton's own log file (0600 in a 0700 folder).

/// Severity, mapped to os_log types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Debug,
    Info,
    Default,
    Error,
}

/// True where [`write`] reaches a system log.
pub const AVAILABLE: bool = cfg!(target_os = "macos");

/// Writes one line to the system log under subsystem `dev.baton.Baton`.
pub fn write(level: Level, category: &str, message: &str) {
    #[cfg(target_os = "macos")]
    oslog::write(level, category, message);
    #[cfg(not(target_os = "macos"))]
    let _ = (level, category, message);
}

#[cfg(target_os = "macos")]
mod oslog {
    //! The few libSystem declarations os_log needs. `os_log_with_type` is a C macro that expands
    //! to `_os_log_impl` with a packed argument buffer; this builds that buffer for one
    //! `%{private}s` argument. Type-checked in CI; run only on a Mac.
    use std::collections::HashMap;
    use std::ffi::{c_char, c_void, CString};
    use std::sync::{Mutex, OnceLock};

    use super::Level;

    #[repr(C)]
    struct OsLog {
        _opaque: [u8; 0],
    }

    extern "C" {
        static __dso_handle: u8;
        fn os_log_create(subsystem: *const c_char, category: *const c_char) -> *mut OsLog;
        fn _os_log_impl(
            dso: *const c_void,
            log: *mut OsLog,
            kind: u8,
            format: *const c_char,
            buf: *const u8,
            size: u32,
        );
    }

    struct Handle(*mut OsLog);
    // os_log_t objects are immutable and documented as thread-safe.
    unsafe impl Send for Handle {}

    fn handle(category: &str) -> *mut OsLog {
        static LOGS: OnceLock<Mutex<HashMap<String, Handle>>> = OnceLock::new();
        let mut logs = LOGS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        logs.entry(category.to_owned())
            .or_insert_with(|| {
                let subsystem = CString::new("dev.baton.Baton").unwrap_or_default();
                let category = CString::new(category.replace('\0', "")).unwrap_or_default();
                // SAFETY: both arguments are valid NUL-terminated strings for the call.
                Handle(unsafe { os_log_create(subsystem.as_ptr(), category.as_ptr()) })
            })
            .0
    }

    pub(super) fn write(level: Level, category: &str, message: &str) {
        let kind: u8 = match level {
            Level::Debug => 0x02,
            Level::Info => 0x01,
            Level::Default => 0x00,
            Level::Error => 0x10,
        };
        let Ok(text) = CString::new(message.replace('\0', "\u{FFFD}")) else {
            return;
        };
        let log = handle(category);
        if log.is_null() {
            return;
        }
        // Header: flags "has non-scalar", one argument. Argument: type string (2) with flag
        // private (1) in one byte, size 8, then the pointer.
        let mut buf = [0u8; 12];
        buf[0] = 0x02;
        buf[1] = 0x01;
        buf[2] = 0x21;
        buf[3] = 0x08;
        buf[4..12].copy_from_slice(&(text.as_ptr() as u64).to_ne_bytes());
        static FORMAT: &[u8] = b"%{private}s\0";
        // SAFETY: `__dso_handle` is the image header the linker provides; `log` came from
        // os_log_create; FORMAT is NUL-terminated and `text` outlives the call.
        unsafe {
            _os_log_impl(
                std::ptr::addr_of!(__dso_handle).cast(),
                log,
                kind,
                FORMAT.as_ptr().cast(),
                buf.as_ptr(),
                buf.len() as u32,
            );
        }
    }
}
