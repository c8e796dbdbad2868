//! Types that cross the IPC boundary between the Rust back end and the web UI. Each derives
//! `ts_rs::TS`; `cargo test` writes them to `ui/src/bindings/`, which the UI imports.

use serde::Serialize;
use ts_rs::TS;

use crate::config::{ConfigError, Loaded, Mode, Settings};
use crate::problem::{Problem, UserFacing};

/// What the sign-in screen shows, resolved for the person's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SignInScreen {
    pub mode: Mode,
    pub title: String,
    pub message: String,
    /// `None`: the UI uses its own translated label.
    pub username_label: Option<String>,
    /// `#RRGGBB`, validated.
    pub accent_color: Option<String>,
    /// `https:` or `mailto:` link, validated.
    pub help_url: Option<String>,
    /// `LogoPath` as a `data:` URL (PNG, JPEG, GIF or SVG up to 512 KiB); `None` when unset or
    /// unreadable (the reason is logged) — the UI then shows Baton's icon.
    pub logo: Option<String>,
    /// The serial Baton plays because `BATON_DEVICE_SERIAL` is honoured (a debug build, or
    /// `AllowIdentityOverride` in the profile): the dialog says so. `None`: this Mac's own.
    pub identity_override: Option<String>,
}

/// Largest logo file read.
const MAX_LOGO_BYTES: u64 = 512 * 1024;

/// Reads `path` into a `data:` URL for an `<img>` (the CSP allows `data:` images only).
pub fn logo_data_url(path: &std::path::Path) -> Option<String> {
    use base64::Engine as _;
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let mime = match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        _ => {
            tracing::warn!(path = %path.display(), "LogoPath must be a PNG, JPEG, GIF or SVG file");
            return None;
        }
    };
    let read = std::fs::metadata(path).and_then(|meta| {
        if meta.len() > MAX_LOGO_BYTES {
            Err(std::io::Error::other("larger than 512 KiB"))
        } else {
            std::fs::read(path)
        }
    });
    match read {
        Ok(bytes) => Some(format!(
            "data:{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )),
        Err(e) => {
            tracing::warn!(path = %path.display(), "the logo could not be read: {e}");
            None
        }
    }
}

impl SignInScreen {
    /// Resolves the branding in `settings` for `languages` (most preferred first).
    pub fn new(settings: &Settings, languages: &[String]) -> Self {
        let branding = &settings.branding;
        SignInScreen {
            mode: settings.mode,
            title: branding.title.resolve(languages).to_owned(),
            message: branding.message.resolve(languages).to_owned(),
            username_label: branding
                .username_label
                .as_ref()
                .map(|label| label.resolve(languages).to_owned()),
            accent_color: branding.accent_color.clone(),
            help_url: branding.help_url.as_ref().map(|url| url.to_string()),
            logo: branding
                .logo_path
                .as_deref()
                .and_then(|path| logo_data_url(std::path::Path::new(path))),
            identity_override: baton_platform::device::from_environment(
                settings.allow_identity_override,
            )
            .map(|identity| identity.serial),
        }
    }
}

/// The first thing the UI asks for: the sign-in screen, or why Baton cannot start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Startup {
    Ready { screen: SignInScreen },
    Misconfigured { problem: UserFacing },
}

impl Startup {
    pub fn new(config: &Result<Loaded, ConfigError>, languages: &[String]) -> Self {
        match config {
            Ok(loaded) => Startup::Ready {
                screen: SignInScreen::new(&loaded.settings, languages),
            },
            Err(err) => Startup::Misconfigured {
                problem: err.user_facing(),
            },
        }
    }
}

/// The name of the event that carries every [`HandoffView`] from the flow to the UI.
pub const HANDOFF_EVENT: &str = "handoff";

/// What the hand-off window shows now. Sent as the payload of every [`HANDOFF_EVENT`] and
/// returned by `get_view` (e.g. after a reload). Never carries a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "screen",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum HandoffView {
    /// Before the sign-in form: prefetching the token and this Mac's record.
    Checking { detail: CheckingDetail },
    /// The sign-in form.
    SignIn {
        /// The Mac is already assigned to this person but the Keychain items are missing:
        /// "Sign in once more to finish setting up" (no second switch).
        resume: bool,
        /// Shown inline above the form, e.g. a wrong password.
        problem: Option<UserFacing>,
        /// Local throttling: the form may be submitted again after this many seconds.
        retry_after_seconds: Option<u32>,
    },
    /// After submit: one line per step.
    Working { steps: Vec<StepView> },
    /// Confirmed by UEM: the Mac belongs to this person.
    Done { display_name: String },
    /// A failure the person cannot fix in the form.
    Problem {
        problem: UserFacing,
        can_retry: bool,
    },
    /// This Mac is already set up for this person; Close quits.
    Assigned { display_name: String },
    /// After the switch, when `KeychainPartitionTeamIDs` is configured and the directory
    /// password does not open the login keychain: the password that unlocks this Mac, used once
    /// so NoMAD may read its item without asking. Answered by `submit_mac_password` or
    /// `skip_mac_password`.
    MacPassword {
        /// Shown inline above the field, e.g. a wrong Mac password.
        problem: Option<UserFacing>,
    },
}

impl HandoffView {
    /// Whether the window may close now. Never while the hand-off is working (a switch may be
    /// in flight); with `FullScreen` only once there is nothing left to do (done, already set
    /// up, or a problem that cannot be retried here).
    pub fn may_close(&self, full_screen: bool) -> bool {
        match self {
            HandoffView::Working { .. } => false,
            _ if !full_screen => true,
            HandoffView::Done { .. } | HandoffView::Assigned { .. } => true,
            HandoffView::Problem { can_retry, .. } => !can_retry,
            _ => false,
        }
    }
}

/// What the checking screen is waiting for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum CheckingDetail {
    /// Loading configuration and this Mac's identity.
    Starting,
    /// Obtaining the token and looking this Mac up in UEM.
    LookingUpMac,
    /// UEM cannot be reached; the flow retries by itself.
    Offline {
        /// Seconds until the next attempt (the UI counts down from here).
        retry_in_seconds: u32,
        /// 1 for the first retry.
        attempt: u32,
    },
}

/// One line of the working screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StepView {
    pub step: HandoffStep,
    pub state: StepState,
}

/// The steps after "Continue", in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HandoffStep {
    /// Verifying your account (directory bind).
    Verify,
    /// Assigning this Mac to you (UEM switch).
    Assign,
    /// Saving your sign-in (Keychain items).
    SaveSignIn,
    /// Syncing your settings (SyncDevice and confirmation).
    Sync,
}

/// Where one step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum StepState {
    Pending,
    Active,
    Done,
    Skipped,
    Failed,
}

/// One moment of the page's start-up, reported by the UI with `form_ready` for the start-up trace
/// that `npm run bench` prints. Only a measurement: names are checked against a short list and
/// nothing of the person is in it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StartupMark {
    /// What happened, e.g. "JS evaluated".
    pub name: String,
    /// When, in milliseconds since the Unix epoch (`performance.timeOrigin + performance.now()`).
    pub epoch_ms: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_closes_only_when_nothing_is_in_flight() {
        let problem = |can_retry| HandoffView::Problem {
            problem: UserFacing {
                code: "X",
                summary: "s",
                next_step: "n",
                exit: crate::problem::ExitCode::Unreachable,
            },
            can_retry,
        };
        let sign_in = HandoffView::SignIn {
            resume: false,
            problem: None,
            retry_after_seconds: None,
        };
        let working = HandoffView::Working { steps: vec![] };
        let done = HandoffView::Done {
            display_name: "a".into(),
        };
        let assigned = HandoffView::Assigned {
            display_name: "a".into(),
        };
        let checking = HandoffView::Checking {
            detail: CheckingDetail::LookingUpMac,
        };
        let mac_password = HandoffView::MacPassword { problem: None };
        // (view, windowed, full screen)
        let table = [
            (&working, false, false),
            (&sign_in, true, false),
            (&checking, true, false),
            (&mac_password, true, false),
            (&problem(true), true, false),
            (&problem(false), true, true),
            (&done, true, true),
            (&assigned, true, true),
        ];
        for (view, windowed, full_screen) in table {
            assert_eq!(view.may_close(false), windowed, "{view:?} windowed");
            assert_eq!(view.may_close(true), full_screen, "{view:?} full screen");
        }
    }

    #[test]
    fn the_logo_becomes_a_data_url_and_bad_files_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("logo.PNG");
        std::fs::write(&png, [0x89, b'P', b'N', b'G']).unwrap();
        assert_eq!(
            logo_data_url(&png).as_deref(),
            Some("data:image/png;base64,iVBORw==")
        );
        let svg = dir.path().join("logo.svg");
        std::fs::write(&svg, "<svg/>").unwrap();
        assert!(logo_data_url(&svg)
            .unwrap()
            .starts_with("data:image/svg+xml;base64,"));
        assert_eq!(logo_data_url(&dir.path().join("logo.bmp")), None);
        assert_eq!(logo_data_url(&dir.path().join("missing.png")), None);
        let big = dir.path().join("big.png");
        std::fs::write(&big, vec![0u8; 600 * 1024]).unwrap();
        assert_eq!(logo_data_url(&big), None);
    }
    use crate::config::{self, source, Sources};

    fn loaded() -> Result<Loaded, ConfigError> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/config/good.json");
        config::load_from(&Sources {
            file: Some(source::read_file(&path).unwrap()),
            ..Default::default()
        })
    }

    #[test]
    fn the_screen_is_resolved_for_the_persons_language() {
        let Startup::Ready { screen } = Startup::new(&loaded(), &["de-DE".into()]) else {
            panic!("fixture is valid");
        };
        assert_eq!(screen.title, "Willkommen bei Example");
        assert_eq!(screen.message, "Sign in with your Example account.");
        assert_eq!(screen.accent_color.as_deref(), Some("#0A84FF"));
        assert_eq!(screen.mode, Mode::SelfService);
        let json = serde_json::to_value(Startup::new(&loaded(), &[])).unwrap();
        assert_eq!(json["kind"], "ready");
        assert_eq!(json["screen"]["title"], "Welcome to Example");
        assert_eq!(json["screen"]["mode"], "self-service");
    }

    #[test]
    fn a_broken_configuration_reaches_the_ui_as_a_problem_without_details() {
        let broken = config::load_from(&Sources::default());
        let json = serde_json::to_value(Startup::new(&broken, &[])).unwrap();
        assert_eq!(json["kind"], "misconfigured");
        assert_eq!(json["problem"]["code"], "CFG-001");
        assert!(json["problem"]["summary"].as_str().unwrap().ends_with('.'));
        assert!(
            !json.to_string().contains("UEMAPIURL"),
            "admin details stay in the log"
        );
    }

    fn wrong_password() -> UserFacing {
        use crate::problem::Problem;
        crate::directory::DirectoryError::InvalidCredentials.user_facing()
    }

    #[test]
    fn handoff_views_serialize_with_a_screen_tag_and_camel_case_fields() {
        let json = |view: HandoffView| serde_json::to_value(view).unwrap();
        assert_eq!(HANDOFF_EVENT, "handoff");
        assert_eq!(
            json(HandoffView::Checking {
                detail: CheckingDetail::Starting
            }),
            serde_json::json!({"screen": "checking", "detail": {"kind": "starting"}})
        );
        assert_eq!(
            json(HandoffView::Checking {
                detail: CheckingDetail::LookingUpMac
            }),
            serde_json::json!({"screen": "checking", "detail": {"kind": "lookingUpMac"}})
        );
        assert_eq!(
            json(HandoffView::Checking {
                detail: CheckingDetail::Offline {
                    retry_in_seconds: 8,
                    attempt: 3
                }
            }),
            serde_json::json!({"screen": "checking",
                "detail": {"kind": "offline", "retryInSeconds": 8, "attempt": 3}})
        );
        assert_eq!(
            json(HandoffView::SignIn {
                resume: false,
                problem: None,
                retry_after_seconds: None
            }),
            serde_json::json!({"screen": "signIn", "resume": false, "problem": null,
                "retryAfterSeconds": null})
        );
        assert_eq!(
            json(HandoffView::SignIn {
                resume: true,
                problem: Some(wrong_password()),
                retry_after_seconds: Some(30)
            }),
            serde_json::json!({"screen": "signIn", "resume": true, "retryAfterSeconds": 30,
                "problem": {"code": "DIR-049",
                    "summary": "The username or password is incorrect.",
                    "nextStep": "Check your username and password, then try again.",
                    "exit": "credentialsRejected"}})
        );
        assert_eq!(
            json(HandoffView::Working {
                steps: vec![
                    StepView {
                        step: HandoffStep::Verify,
                        state: StepState::Done
                    },
                    StepView {
                        step: HandoffStep::Assign,
                        state: StepState::Active
                    },
                    StepView {
                        step: HandoffStep::SaveSignIn,
                        state: StepState::Pending
                    },
                    StepView {
                        step: HandoffStep::Sync,
                        state: StepState::Skipped
                    },
                ]
            }),
            serde_json::json!({"screen": "working", "steps": [
                {"step": "verify", "state": "done"},
                {"step": "assign", "state": "active"},
                {"step": "saveSignIn", "state": "pending"},
                {"step": "sync", "state": "skipped"}]})
        );
        assert_eq!(
            serde_json::to_value(StepState::Failed).unwrap(),
            serde_json::json!("failed")
        );
        assert_eq!(
            json(HandoffView::Done {
                display_name: "Jane Doe".into()
            }),
            serde_json::json!({"screen": "done", "displayName": "Jane Doe"})
        );
        assert_eq!(
            json(HandoffView::Problem {
                problem: wrong_password(),
                can_retry: true
            })["canRetry"],
            true
        );
        assert_eq!(
            json(HandoffView::Problem {
                problem: wrong_password(),
                can_retry: false
            })["screen"],
            "problem"
        );
        assert_eq!(
            json(HandoffView::Assigned {
                display_name: "Jane Doe".into()
            }),
            serde_json::json!({"screen": "assigned", "displayName": "Jane Doe"})
        );
        assert_eq!(
            json(HandoffView::MacPassword { problem: None }),
            serde_json::json!({"screen": "macPassword", "problem": null})
        );
    }
}
