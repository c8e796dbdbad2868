//! Locking a Mac down to one app while it is a pickup desk: no Dock, no menu bar, no Force
//! Quit panel (Cmd-Opt-Esc), no app switcher (Cmd-Tab), no Restart / Shut Down / Log Out panel,
//! no "Hide". AppKit does this per app with `NSApplication.presentationOptions`, in effect while
//! the app is frontmost, and drops it when the app ends.
//!
//! The part that decides *which* options and whether AppKit accepts them is plain Rust and
//! tested on every OS ([`Lockdown`], [`Flag`]); only [`apply`] and [`lift`] touch AppKit, on
//! macOS, on the main thread. Elsewhere they do nothing and say so ([`Outcome::NotThisOs`]).
//!
//! AppKit raises an Objective-C exception (which would end the app) for a combination it does
//! not accept, so [`Lockdown::check`] encodes its rules and nothing unchecked reaches it.

use std::fmt;

/// One `NSApplicationPresentationOptions` flag. The values are Apple's (`NSApplication.h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Flag {
    /// The Dock appears when the pointer reaches its edge.
    AutoHideDock = 1 << 0,
    /// The Dock is hidden and cannot be reached.
    HideDock = 1 << 1,
    /// The menu bar appears when the pointer reaches the top.
    AutoHideMenuBar = 1 << 2,
    /// The menu bar is hidden and cannot be reached.
    HideMenuBar = 1 << 3,
    /// Every item of the Apple menu is disabled.
    DisableAppleMenu = 1 << 4,
    /// The app switcher (Cmd-Tab) does not open.
    DisableProcessSwitching = 1 << 5,
    /// The Force Quit panel (Cmd-Opt-Esc) does not open.
    DisableForceQuit = 1 << 6,
    /// The power-key panel and Restart / Shut Down / Log Out are disabled.
    DisableSessionTermination = 1 << 7,
    /// The app's "Hide" (Cmd-H) is disabled.
    DisableHideApplication = 1 << 8,
    /// The menu bar is drawn opaque.
    DisableMenuBarTransparency = 1 << 9,
    /// Set by AppKit while a window is in a full-screen space; never by Baton.
    FullScreen = 1 << 10,
    /// A full-screen window's toolbar hides and shows on roll-over.
    AutoHideToolbar = 1 << 11,
}

impl Flag {
    /// The flag's bit.
    pub const fn bit(self) -> usize {
        self as usize
    }
}

/// A set of [`Flag`]s: what `presentationOptions` is set to.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Lockdown(usize);

/// Every flag [`Flag`] names; other bits are left as AppKit has them.
const KNOWN: usize = (1 << 12) - 1;

impl Lockdown {
    /// No option: AppKit's default presentation.
    pub const NONE: Lockdown = Lockdown(0);

    /// A pickup desk: the person at it can reach nothing but the desk. The Dock and the menu
    /// bar are gone (so are the Apple menu and the app menu with them), and Force Quit, Cmd-Tab,
    /// Log Out / Restart / Shut Down and "Hide" do nothing.
    pub const PICKUP_DESK: Lockdown = Lockdown::NONE
        .with(Flag::HideDock)
        .with(Flag::HideMenuBar)
        .with(Flag::DisableAppleMenu)
        .with(Flag::DisableProcessSwitching)
        .with(Flag::DisableForceQuit)
        .with(Flag::DisableSessionTermination)
        .with(Flag::DisableHideApplication);

    /// This set and `option`.
    pub const fn with(self, option: Flag) -> Lockdown {
        Lockdown(self.0 | option.bit())
    }

    /// The raw bits, as `NSApplicationPresentationOptions`.
    pub const fn bits(self) -> usize {
        self.0
    }

    /// The set these bits are (what `presentationOptions` answered).
    pub const fn from_bits(bits: usize) -> Lockdown {
        Lockdown(bits)
    }

    pub const fn contains(self, option: Flag) -> bool {
        self.0 & option.bit() != 0
    }

    /// Whether AppKit accepts this combination (the rules in Apple's documentation of
    /// `NSApplication.PresentationOptions`; anything else raises `NSInvalidArgumentException`).
    pub fn check(self) -> Result<(), Refused> {
        use Flag::*;
        let has = |o| self.contains(o);
        let some_dock = has(HideDock) || has(AutoHideDock);
        if has(HideDock) && has(AutoHideDock) {
            return Err(Refused::BothDockOptions);
        }
        if has(HideMenuBar) && has(AutoHideMenuBar) {
            return Err(Refused::BothMenuBarOptions);
        }
        if has(HideMenuBar) && !has(HideDock) {
            return Err(Refused::Needs {
                option: HideMenuBar,
                needs: "HideDock",
            });
        }
        for option in [
            AutoHideMenuBar,
            DisableProcessSwitching,
            DisableForceQuit,
            DisableSessionTermination,
            DisableMenuBarTransparency,
        ] {
            if has(option) && !some_dock {
                return Err(Refused::Needs {
                    option,
                    needs: "HideDock or AutoHideDock",
                });
            }
        }
        if has(AutoHideToolbar) && !(has(FullScreen) && has(AutoHideMenuBar)) {
            return Err(Refused::Needs {
                option: AutoHideToolbar,
                needs: "FullScreen and AutoHideMenuBar",
            });
        }
        Ok(())
    }

    /// What to set when `self` is applied over `current` (what AppKit has now): `self`, plus
    /// the flags only AppKit sets (`FullScreen`, while the window is in a full-screen space)
    /// and any it has that Baton does not know of. The auto-hide and toolbar flags go: they
    /// conflict with the hidden Dock and menu bar.
    pub fn over(self, current: Lockdown) -> Lockdown {
        let kept = current.0 & (Flag::FullScreen.bit() | !KNOWN);
        Lockdown(kept | self.0)
    }

    /// What to set when `self` is lifted from `current`: `current` without `self`'s flags.
    pub fn lifted_from(self, current: Lockdown) -> Lockdown {
        Lockdown(current.0 & !self.0)
    }
}

impl fmt::Debug for Lockdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Flag::*;
        let names: Vec<String> = [
            AutoHideDock,
            HideDock,
            AutoHideMenuBar,
            HideMenuBar,
            DisableAppleMenu,
            DisableProcessSwitching,
            DisableForceQuit,
            DisableSessionTermination,
            DisableHideApplication,
            DisableMenuBarTransparency,
            FullScreen,
            AutoHideToolbar,
        ]
        .into_iter()
        .filter(|o| self.contains(*o))
        .map(|o| format!("{o:?}"))
        .chain((self.0 & !KNOWN != 0).then(|| format!("{:#x}", self.0 & !KNOWN)))
        .collect();
        write!(f, "Lockdown[{}]", names.join(" | "))
    }
}

/// A combination AppKit would refuse (with an exception).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("HideDock and AutoHideDock exclude each other")]
    BothDockOptions,
    #[error("HideMenuBar and AutoHideMenuBar exclude each other")]
    BothMenuBarOptions,
    #[error("{option:?} needs {needs}")]
    Needs { option: Flag, needs: &'static str },
}

/// What [`apply`] or [`lift`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `presentationOptions` is now this.
    Set(Lockdown),
    /// It already was; nothing was changed.
    Unchanged(Lockdown),
    /// Not on the main thread: AppKit may only be touched there. Nothing was changed.
    NotMainThread,
    /// This OS has no such lock-down; nothing was changed (the window is only full screen and
    /// always on top).
    NotThisOs,
}

/// Sets `lockdown` for this app (while it is frontmost), keeping what only AppKit sets.
/// Call on the main thread.
pub fn apply(lockdown: Lockdown) -> Result<Outcome, Refused> {
    lockdown.check()?;
    let outcome = imp::set(|current| lockdown.over(current))?;
    log("applied", lockdown, &outcome);
    Ok(outcome)
}

/// Takes `lockdown`'s flags off again (IT left the desk). Call on the main thread.
pub fn lift(lockdown: Lockdown) -> Result<Outcome, Refused> {
    let outcome = imp::set(|current| lockdown.lifted_from(current))?;
    log("lifted", lockdown, &outcome);
    Ok(outcome)
}

fn log(what: &str, lockdown: Lockdown, outcome: &Outcome) {
    match outcome {
        Outcome::Set(now) => tracing::info!("kiosk lock-down {what}: presentation {now:?}"),
        Outcome::Unchanged(_) => tracing::debug!("kiosk lock-down already {what}"),
        Outcome::NotMainThread => {
            tracing::error!("kiosk lock-down not {what}: not called on the main thread")
        }
        Outcome::NotThisOs => {
            tracing::warn!("kiosk lock-down ({lockdown:?}) not {what}: only macOS has one")
        }
    }
}

#[cfg(target_os = "macos")]
mod imp {
    use objc2::MainThreadMarker;
    use objc2_app_kit::{NSApplication, NSApplicationPresentationOptions};

    use super::{Lockdown, Outcome, Refused};

    /// Reads `presentationOptions`, and sets what `next` makes of it if that differs and AppKit
    /// accepts it (checked first: an unaccepted value would raise an exception).
    pub(super) fn set(next: impl FnOnce(Lockdown) -> Lockdown) -> Result<Outcome, Refused> {
        let Some(mtm) = MainThreadMarker::new() else {
            return Ok(Outcome::NotMainThread);
        };
        let app = NSApplication::sharedApplication(mtm);
        let current = Lockdown::from_bits(app.presentationOptions().0);
        let wanted = next(current);
        if wanted == current {
            return Ok(Outcome::Unchanged(current));
        }
        wanted.check()?;
        app.setPresentationOptions(NSApplicationPresentationOptions(wanted.bits()));
        Ok(Outcome::Set(Lockdown::from_bits(
            app.presentationOptions().0,
        )))
    }
}

#[cfg(not(target_os = "macos"))]
mod imp {
    use super::{Lockdown, Outcome, Refused};

    pub(super) fn set(_next: impl FnOnce(Lockdown) -> Lockdown) -> Result<Outcome, Refused> {
        Ok(Outcome::NotThisOs)
    }
}

#[cfg(test)]
mod tests {
    use super::Flag::*;
    use super::*;

    #[test]
    fn the_flags_are_apples_values() {
        // NSApplicationPresentationOptions in AppKit's NSApplication.h.
        let apple = [
            (AutoHideDock, 1),
            (HideDock, 2),
            (AutoHideMenuBar, 4),
            (HideMenuBar, 8),
            (DisableAppleMenu, 16),
            (DisableProcessSwitching, 32),
            (DisableForceQuit, 64),
            (DisableSessionTermination, 128),
            (DisableHideApplication, 256),
            (DisableMenuBarTransparency, 512),
            (FullScreen, 1024),
            (AutoHideToolbar, 2048),
        ];
        for (option, value) in apple {
            assert_eq!(option.bit(), value, "{option:?}");
        }
        assert_eq!(
            Lockdown::PICKUP_DESK.bits(),
            2 | 8 | 16 | 32 | 64 | 128 | 256
        );
    }

    #[test]
    fn the_pickup_desk_blocks_what_a_person_could_leave_by_and_appkit_accepts_it() {
        let desk = Lockdown::PICKUP_DESK;
        for option in [
            HideDock,
            HideMenuBar,
            DisableForceQuit,
            DisableProcessSwitching,
            DisableSessionTermination,
            DisableHideApplication,
            DisableAppleMenu,
        ] {
            assert!(desk.contains(option), "{option:?}");
        }
        assert!(!desk.contains(FullScreen), "only AppKit sets FullScreen");
        assert_eq!(desk.check(), Ok(()));
    }

    #[test]
    fn combinations_appkit_refuses_are_refused_before_they_reach_it() {
        let only = |o| Lockdown::NONE.with(o);
        for option in [
            DisableProcessSwitching,
            DisableForceQuit,
            DisableSessionTermination,
            DisableMenuBarTransparency,
            AutoHideMenuBar,
        ] {
            assert!(
                matches!(only(option).check(), Err(Refused::Needs { option: o, .. }) if o == option),
                "{option:?} alone"
            );
            assert_eq!(only(option).with(HideDock).check(), Ok(()), "{option:?}");
            assert_eq!(
                only(option).with(AutoHideDock).check(),
                Ok(()),
                "{option:?}"
            );
        }
        // The hidden menu bar needs the hidden Dock; an auto-hiding one is not enough.
        assert!(only(HideMenuBar).check().is_err());
        assert!(only(HideMenuBar).with(AutoHideDock).check().is_err());
        assert_eq!(only(HideMenuBar).with(HideDock).check(), Ok(()));
        assert_eq!(
            only(HideDock).with(AutoHideDock).check(),
            Err(Refused::BothDockOptions)
        );
        assert_eq!(
            only(HideDock)
                .with(HideMenuBar)
                .with(AutoHideMenuBar)
                .check(),
            Err(Refused::BothMenuBarOptions)
        );
        assert!(only(AutoHideToolbar).with(FullScreen).check().is_err());
        assert_eq!(
            only(AutoHideToolbar)
                .with(FullScreen)
                .with(AutoHideMenuBar)
                .with(AutoHideDock)
                .check(),
            Ok(())
        );
        // Options without a rule stand alone.
        assert_eq!(only(DisableAppleMenu).check(), Ok(()));
        assert_eq!(only(DisableHideApplication).check(), Ok(()));
        assert_eq!(Lockdown::NONE.check(), Ok(()));
    }

    #[test]
    fn applied_over_a_full_screen_space_it_keeps_fullscreen_and_drops_the_auto_hiding() {
        // What a native full-screen window has by default.
        let space = Lockdown::NONE
            .with(FullScreen)
            .with(AutoHideDock)
            .with(AutoHideMenuBar);
        let set = Lockdown::PICKUP_DESK.over(space);
        assert_eq!(set, Lockdown::PICKUP_DESK.with(FullScreen));
        assert_eq!(set.check(), Ok(()));
        assert_eq!(
            Lockdown::PICKUP_DESK.over(Lockdown::NONE),
            Lockdown::PICKUP_DESK
        );
        // A flag from a later macOS is left as it is.
        let later = Lockdown::from_bits(1 << 13);
        assert_eq!(
            Lockdown::PICKUP_DESK.over(later).bits(),
            Lockdown::PICKUP_DESK.bits() | 1 << 13
        );
    }

    #[test]
    fn lifting_takes_off_only_the_desks_flags_and_leaves_an_accepted_combination() {
        let desk = Lockdown::PICKUP_DESK;
        assert_eq!(desk.lifted_from(desk), Lockdown::NONE);
        let in_space = desk.with(FullScreen);
        assert_eq!(desk.lifted_from(in_space), Lockdown::NONE.with(FullScreen));
        assert_eq!(desk.lifted_from(in_space).check(), Ok(()));
    }

    #[test]
    fn off_macos_nothing_is_applied_and_it_says_so() {
        if cfg!(target_os = "macos") {
            return;
        }
        assert_eq!(apply(Lockdown::PICKUP_DESK), Ok(Outcome::NotThisOs));
        assert_eq!(lift(Lockdown::PICKUP_DESK), Ok(Outcome::NotThisOs));
    }

    #[test]
    fn a_refused_combination_is_not_applied_anywhere() {
        let bad = Lockdown::NONE.with(DisableForceQuit);
        assert!(apply(bad).is_err());
    }

    #[test]
    fn the_debug_text_names_the_flags() {
        assert_eq!(
            format!("{:?}", Lockdown::NONE.with(HideDock).with(FullScreen)),
            "Lockdown[HideDock | FullScreen]"
        );
    }
}
