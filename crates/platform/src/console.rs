//! Tools run for the person at the console. For now: starting Apple's Kerberos SSO extension
//! sign-in with `app-sso -a <REALM> -u <principal>` (the username is locked in Apple's dialog;
//! the person types the password there — no secret is ever on the command line).

use std::path::PathBuf;

/// Apple's Kerberos SSO extension tool.
pub const APP_SSO: &str = "/usr/bin/app-sso";

/// A console tool could not be started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsoleError {
    #[error("The {what} {value:?} cannot be passed to app-sso: {reason}.")]
    BadArgument {
        what: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("{0} is available on macOS only.")]
    Unsupported(&'static str),
    #[error("{program} could not be started: {reason}.")]
    Spawn { program: String, reason: String },
}

/// A program and its arguments, built without running anything (so it is tested anywhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCommand {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl ToolCommand {
    /// Starts the program with no standard input and returns at once; `finished` receives its
    /// exit status (or why it could not be waited for) on a thread of its own.
    fn spawn_detached(
        &self,
        finished: impl FnOnce(std::io::Result<std::process::ExitStatus>) + Send + 'static,
    ) -> Result<(), ConsoleError> {
        let mut child = std::process::Command::new(&self.program)
            .args(&self.args)
            .stdin(std::process::Stdio::null())
            .spawn()
            .map_err(|e| ConsoleError::Spawn {
                program: self.program.display().to_string(),
                reason: e.kind().to_string(),
            })?;
        std::thread::spawn(move || finished(child.wait()));
        Ok(())
    }
}

/// `app-sso -a <realm> -u <principal>`. Neither value may be empty, start with `-` (it would
/// read as an option), or contain whitespace or control characters.
pub fn app_sso_command(realm: &str, principal: &str) -> Result<ToolCommand, ConsoleError> {
    for (what, value) in [("realm", realm), ("principal", principal)] {
        let reason = if value.is_empty() {
            Some("it is empty")
        } else if value.starts_with('-') {
            Some("it starts with '-'")
        } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some("it contains whitespace or control characters")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(ConsoleError::BadArgument {
                what,
                value: value.to_owned(),
                reason,
            });
        }
    }
    Ok(ToolCommand {
        program: PathBuf::from(APP_SSO),
        args: vec![
            "-a".into(),
            realm.to_owned(),
            "-u".into(),
            principal.to_owned(),
        ],
    })
}

/// Starts the Kerberos SSO extension's sign-in for `principal` in `realm` and returns at once;
/// the tool's exit status is logged when it ends (it waits for the person).
#[cfg(target_os = "macos")]
pub fn start_kerberos_sso(realm: &str, principal: &str) -> Result<(), ConsoleError> {
    app_sso_command(realm, principal)?.spawn_detached(|waited| match waited {
        Ok(status) => tracing::info!(%status, "app-sso finished"),
        Err(e) => tracing::warn!(error = %e, "app-sso could not be waited for"),
    })?;
    tracing::info!(
        realm,
        principal,
        "started the Kerberos SSO extension sign-in"
    );
    Ok(())
}

/// Starts the Kerberos SSO extension's sign-in (macOS only).
#[cfg(not(target_os = "macos"))]
pub fn start_kerberos_sso(realm: &str, principal: &str) -> Result<(), ConsoleError> {
    app_sso_command(realm, principal)?;
    Err(ConsoleError::Unsupported("The Kerberos SSO extension"))
}

/// How a link is opened in the person's default browser: `/usr/bin/open URL` on macOS,
/// `xdg-open URL` elsewhere. Only `https:` and `mailto:` links, and never one that could read
/// as an option.
pub fn open_url_command(url: &str) -> Result<ToolCommand, ConsoleError> {
    let bad = |reason| ConsoleError::BadArgument {
        what: "link",
        value: url.to_owned(),
        reason,
    };
    if !(url.starts_with("https://") || url.starts_with("mailto:")) {
        return Err(bad("only https: and mailto: links are opened"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it contains whitespace or control characters"));
    }
    let program = if cfg!(target_os = "macos") {
        PathBuf::from("/usr/bin/open")
    } else {
        PathBuf::from("xdg-open")
    };
    Ok(ToolCommand {
        program,
        args: vec![url.to_owned()],
    })
}

/// Opens `url` in the default browser and returns at once.
pub fn open_url(url: &str) -> Result<(), ConsoleError> {
    open_url_command(url)?.spawn_detached(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_open_only_as_https_or_mailto_arguments() {
        let command = open_url_command("https://help.example.test/mac").unwrap();
        assert_eq!(command.args, ["https://help.example.test/mac"]);
        assert!(open_url_command("mailto:help@example.test").is_ok());
        for bad in [
            "-a Calculator",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://x.test/a b",
            "http://x.test",
        ] {
            assert!(open_url_command(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn app_sso_argv_is_exact() {
        let command = app_sso_command("EXAMPLE.COM", "jdoe@EXAMPLE.COM").unwrap();
        assert_eq!(command.program, PathBuf::from("/usr/bin/app-sso"));
        assert_eq!(
            command.args,
            ["-a", "EXAMPLE.COM", "-u", "jdoe@EXAMPLE.COM"]
        );
    }

    #[test]
    fn unsafe_arguments_are_refused() {
        let cases = [
            ("", "jdoe@EXAMPLE.COM", "empty"),
            ("EXAMPLE.COM", "", "empty"),
            ("-f", "jdoe@EXAMPLE.COM", "starts with '-'"),
            ("EXAMPLE.COM", "--force", "starts with '-'"),
            ("EXAMPLE.COM", "j doe@EXAMPLE.COM", "whitespace"),
            ("EXAMPLE.COM\n", "jdoe@EXAMPLE.COM", "whitespace"),
        ];
        for (realm, principal, reason) in cases {
            let err = app_sso_command(realm, principal).unwrap_err().to_string();
            assert!(err.contains(reason), "{realm:?} {principal:?}: {err}");
        }
    }

    #[cfg(not(target_os = "macos"))]
    #[test]
    fn elsewhere_the_sign_in_is_unsupported_but_arguments_are_still_checked() {
        assert!(matches!(
            start_kerberos_sso("EXAMPLE.COM", "jdoe@EXAMPLE.COM"),
            Err(ConsoleError::Unsupported(_))
        ));
        assert!(matches!(
            start_kerberos_sso("-x", "jdoe@EXAMPLE.COM"),
            Err(ConsoleError::BadArgument { .. })
        ));
    }
}
