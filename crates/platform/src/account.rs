//! The account this process runs as, from the user database (never from `$USER` or `$HOME`,
//! which the caller chooses).

/// The login name of the real user id, or `None` when the user database has no entry.
#[cfg(unix)]
pub fn login_name() -> Option<String> {
    name_of(unsafe { libc::getuid() })
}

/// The login name of `uid` from the user database.
#[cfg(unix)]
pub fn name_of(uid: u32) -> Option<String> {
    let mut buffer = vec![0u8; 4096];
    loop {
        // SAFETY: `passwd` is plain data written by getpwuid_r; `buffer` outlives every read of
        // the pointers it stores into, and its length is passed along with it.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let status = unsafe {
            libc::getpwuid_r(
                uid as libc::uid_t,
                &mut entry,
                buffer.as_mut_ptr().cast(),
                buffer.len(),
                &mut found,
            )
        };
        if status == libc::ERANGE && buffer.len() < 1 << 20 {
            buffer.resize(buffer.len() * 2, 0);
            continue;
        }
        if status != 0 || found.is_null() || entry.pw_name.is_null() {
            return None;
        }
        // SAFETY: pw_name points into `buffer`, NUL-terminated by getpwuid_r.
        let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
        return Some(name.to_string_lossy().into_owned());
    }
}

/// Whether this process runs as the console user: the effective user id is the owner of the
/// graphical session (macOS: the owner of `/dev/console`). `None` when that cannot be told.
#[cfg(unix)]
pub fn runs_as_console_user() -> Option<bool> {
    let console = console_uid()?;
    Some(unsafe { libc::geteuid() } == console)
}

#[cfg(target_os = "macos")]
fn console_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/dev/console").ok().map(|m| m.uid())
}

/// Off macOS there is no console device to ask: the real user id stands for the session's owner.
#[cfg(all(unix, not(target_os = "macos")))]
fn console_uid() -> Option<u32> {
    Some(unsafe { libc::getuid() })
}

#[cfg(not(unix))]
pub fn login_name() -> Option<String> {
    None
}

#[cfg(not(unix))]
pub fn runs_as_console_user() -> Option<bool> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_login_name_comes_from_the_user_database_not_the_environment() {
        // uid 0 is root on every Unix.
        assert_eq!(name_of(0).as_deref(), Some("root"));
        let me = login_name().expect("this process has a passwd entry");
        assert!(!me.is_empty());
        // A uid nobody has.
        assert_eq!(name_of(3_999_999_999), None);
    }
}
