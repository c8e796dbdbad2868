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

#[cfg(test)]
mod tests {
    use super::*;
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
}

/// The event the back end emits whenever the hand-off's screen changes; its payload is a
/// [`HandoffView`].
pub const HANDOFF_EVENT: &str = "handoff";

/// What the dialog shows now. The back end is the only source of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "screen", rename_all = "camelCase")]
#[ts(export)]
pub enum HandoffView {
    Checking {
        detail: CheckingDetail,
    },
    #[serde(rename_all = "camelCase")]
    SignIn {
        /// "Sign in once more to finish setting up": the Mac is already assigned to this person.
        resume: bool,
        /// Shown inline, e.g. a wrong password.
        problem: Option<UserFacing>,
        /// Local throttling: seconds until the next attempt is allowed.
        retry_after_seconds: Option<u32>,
    },
    Working {
        steps: Vec<StepView>,
    },
    #[serde(rename_all = "camelCase")]
    Done {
        display_name: String,
    },
    #[serde(rename_all = "camelCase")]
    Problem {
        problem: UserFacing,
        can_retry: bool,
    },
    /// Already set up for this person; Close exits.
    #[serde(rename_all = "camelCase")]
    Assigned {
        display_name: String,
    },
}

/// What the checking screen says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum CheckingDetail {
    Starting,
    LookingUpMac,
    #[serde(rename_all = "camelCase")]
    Offline {
        retry_in_seconds: u32,
        attempt: u32,
    },
}

/// One line of the working screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepView {
    pub step: HandoffStep,
    pub state: StepState,
}

/// The steps after "Continue": verifying your account → assigning this Mac to you → saving your
/// sign-in → syncing your settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HandoffStep {
    Verify,
    Assign,
    SaveSignIn,
    Sync,
}

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
