//! The one non-idempotent call: `PATCH /api/mdm/devices/{id}/enrollmentuser/{userId}`.
//!
//! It is never repeated blindly. When its outcome is in doubt (timeout, 5xx, 429, connection lost
//! after sending), the device is re-read: already on the target user → success; provably still on
//! a staging user → the PATCH is sent once more, and only once; anything else → an error saying
//! the outcome is unknown or the device changed. The decisions are the pure [`next_step`],
//! tested exhaustively below; the client only carries them out.

use super::error::{TransportKind, UemError};
use super::models::{Device, User};

/// How one PATCH ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatchOutcome {
    /// 2xx: UEM applied it.
    Applied,
    /// A definite refusal (4xx other than 429, or an auth failure): not applied.
    Refused,
    /// The connection was never opened: not sent, so not applied.
    NotSent,
    /// Sent, but no usable answer: it may or may not have been applied.
    InDoubt,
}

/// What a re-read of the device showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reread {
    /// Enrolled to the target user.
    OnTarget,
    /// Still enrolled to one of the staging users.
    OnStaging,
    /// Enrolled to someone else (or to no one Baton can name).
    OnOtherUser,
    /// The device record is gone (404).
    Gone,
    /// The re-read failed.
    Failed,
}

/// What happened last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    Patch(PatchOutcome),
    Reread(Reread),
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The device is on the target user.
    Done { confirmed_by_reread: bool },
    /// Read the device to learn whether the PATCH happened.
    Reread,
    /// Send the PATCH again (only ever after the first one).
    RepeatPatch,
    /// Return the last PATCH's own error: the device provably did not change.
    FailWithPatchError,
    /// Return "outcome unknown".
    Unknown,
    /// Return "device changed".
    Changed,
}

/// The switch's decision table. `patches_sent` is 1 or 2.
pub(crate) fn next_step(patches_sent: u8, event: Event) -> Step {
    match event {
        Event::Patch(PatchOutcome::Applied) => Step::Done {
            confirmed_by_reread: false,
        },
        Event::Patch(PatchOutcome::Refused | PatchOutcome::NotSent) => Step::FailWithPatchError,
        Event::Patch(PatchOutcome::InDoubt) => Step::Reread,
        Event::Reread(Reread::OnTarget) => Step::Done {
            confirmed_by_reread: true,
        },
        Event::Reread(Reread::OnStaging) if patches_sent < 2 => Step::RepeatPatch,
        // Two PATCHes in doubt and the device still staged: it did not change; say why not.
        Event::Reread(Reread::OnStaging) => Step::FailWithPatchError,
        Event::Reread(Reread::OnOtherUser | Reread::Gone) => Step::Changed,
        Event::Reread(Reread::Failed) => Step::Unknown,
    }
}

/// Sorts a PATCH result into the table's terms.
pub(crate) fn classify_patch(result: &Result<(), UemError>) -> PatchOutcome {
    match result {
        Ok(()) => PatchOutcome::Applied,
        Err(UemError::Transport {
            kind: TransportKind::Connect | TransportKind::Tls,
            ..
        }) => PatchOutcome::NotSent,
        // Token failures happen before the PATCH is sent.
        Err(UemError::TokenRejected { .. } | UemError::InvalidOptions { .. }) => {
            PatchOutcome::NotSent
        }
        Err(
            UemError::Transport { .. }
            | UemError::Server { .. }
            | UemError::RateLimited { .. }
            | UemError::BodyTooLarge { .. }
            | UemError::Decode { .. },
        ) => PatchOutcome::InDoubt,
        Err(_) => PatchOutcome::Refused,
    }
}

/// Sorts a re-read into the table's terms.
pub(crate) fn classify_reread(
    result: &Result<Device, UemError>,
    target: &User,
    staging_usernames: &[String],
) -> Reread {
    match result {
        Ok(device) if device.belongs_to(target) => Reread::OnTarget,
        Ok(device) if device.is_on_staging_user(staging_usernames) => Reread::OnStaging,
        Ok(_) => Reread::OnOtherUser,
        Err(UemError::DeviceNotFound { .. }) => Reread::Gone,
        Err(_) => Reread::Failed,
    }
}

/// How a successful switch went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwitchReport {
    /// PATCH requests sent: 1, or 2 when the first was in doubt and the device was still staged.
    pub attempts: u8,
    /// True when success was learnt from a re-read after a PATCH in doubt.
    pub confirmed_by_reread: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uem::error::HttpDetails;
    use crate::uem::models::{DeviceId, UserId};

    const PATCHES: [PatchOutcome; 4] = [
        PatchOutcome::Applied,
        PatchOutcome::Refused,
        PatchOutcome::NotSent,
        PatchOutcome::InDoubt,
    ];
    const REREADS: [Reread; 5] = [
        Reread::OnTarget,
        Reread::OnStaging,
        Reread::OnOtherUser,
        Reread::Gone,
        Reread::Failed,
    ];

    /// The whole table, written out once by hand.
    #[test]
    fn decision_table() {
        use Step::*;
        let expected = |sent: u8, event: Event| -> Step {
            match (sent, event) {
                (_, Event::Patch(PatchOutcome::Applied)) => Done {
                    confirmed_by_reread: false,
                },
                (_, Event::Patch(PatchOutcome::Refused)) => FailWithPatchError,
                (_, Event::Patch(PatchOutcome::NotSent)) => FailWithPatchError,
                (_, Event::Patch(PatchOutcome::InDoubt)) => Reread,
                (_, Event::Reread(super::Reread::OnTarget)) => Done {
                    confirmed_by_reread: true,
                },
                (1, Event::Reread(super::Reread::OnStaging)) => RepeatPatch,
                (2, Event::Reread(super::Reread::OnStaging)) => FailWithPatchError,
                (_, Event::Reread(super::Reread::OnOtherUser)) => Changed,
                (_, Event::Reread(super::Reread::Gone)) => Changed,
                (_, Event::Reread(super::Reread::Failed)) => Unknown,
                _ => unreachable!(),
            }
        };
        let mut rows = 0;
        for sent in [1, 2] {
            for p in PATCHES {
                assert_eq!(
                    next_step(sent, Event::Patch(p)),
                    expected(sent, Event::Patch(p))
                );
                rows += 1;
            }
            for r in REREADS {
                assert_eq!(
                    next_step(sent, Event::Reread(r)),
                    expected(sent, Event::Reread(r))
                );
                rows += 1;
            }
        }
        assert_eq!(rows, 18);
    }

    /// Walks every possible sequence of outcomes through the table, as the client does, and
    /// checks the invariants: at most two PATCHes, a repeat only right after a re-read that showed
    /// a staging user, and success only after an applied PATCH or a re-read on the target.
    #[test]
    fn no_path_sends_a_third_patch_or_repeats_without_proof() {
        fn walk(sent: u8, last: Event, history: &mut Vec<Event>, paths: &mut usize) {
            let step = next_step(sent, last);
            match step {
                Step::Done {
                    confirmed_by_reread,
                } => {
                    match last {
                        Event::Patch(PatchOutcome::Applied) => assert!(!confirmed_by_reread),
                        Event::Reread(Reread::OnTarget) => assert!(confirmed_by_reread),
                        other => panic!("success after {other:?}"),
                    }
                    *paths += 1;
                }
                Step::Reread => {
                    assert_eq!(last, Event::Patch(PatchOutcome::InDoubt));
                    for r in REREADS {
                        history.push(Event::Reread(r));
                        walk(sent, Event::Reread(r), history, paths);
                        history.pop();
                    }
                }
                Step::RepeatPatch => {
                    assert_eq!(last, Event::Reread(Reread::OnStaging), "{history:?}");
                    assert!(sent < 2, "third PATCH after {history:?}");
                    for p in PATCHES {
                        history.push(Event::Patch(p));
                        walk(sent + 1, Event::Patch(p), history, paths);
                        history.pop();
                    }
                }
                Step::FailWithPatchError | Step::Unknown | Step::Changed => *paths += 1,
            }
        }
        let mut paths = 0;
        for p in PATCHES {
            walk(1, Event::Patch(p), &mut vec![Event::Patch(p)], &mut paths);
        }
        // 3 direct endings + InDoubt → 5 re-reads, of which OnStaging → 4 endings + InDoubt → 5.
        assert_eq!(paths, 3 + 4 + (3 + 5));
    }

    fn d(status: u16) -> HttpDetails {
        HttpDetails::from_body(status, b"")
    }

    #[test]
    fn patch_results_are_classified() {
        assert_eq!(classify_patch(&Ok(())), PatchOutcome::Applied);
        let in_doubt = [
            UemError::Server { details: d(500) },
            UemError::Server { details: d(504) },
            UemError::RateLimited {
                details: d(429),
                retry_after: None,
            },
        ];
        for e in in_doubt {
            assert_eq!(classify_patch(&Err(e)), PatchOutcome::InDoubt);
        }
        let refused = [
            UemError::UnexpectedStatus { details: d(400) },
            UemError::SwitchRejected { details: d(400) },
            UemError::Unauthorized { details: d(401) },
            UemError::Forbidden { details: d(403) },
            UemError::DeviceNotFound { details: d(404) },
        ];
        for e in refused {
            assert_eq!(classify_patch(&Err(e)), PatchOutcome::Refused);
        }
        assert_eq!(
            classify_patch(&Err(UemError::TokenRejected { details: d(400) })),
            PatchOutcome::NotSent
        );
    }

    #[test]
    fn rereads_are_classified() {
        let target = User {
            id: UserId(7),
            user_name: "jdoe".into(),
            ..Default::default()
        };
        let staging = vec!["Staging-Mac".to_string()];
        let device = |user_id: Option<i64>, name: &str| -> Result<Device, UemError> {
            Ok(Device {
                id: DeviceId(1),
                user_id: user_id.map(UserId),
                user_name: Some(name.into()),
                ..Default::default()
            })
        };
        assert_eq!(
            classify_reread(&device(Some(7), "jdoe"), &target, &staging),
            Reread::OnTarget
        );
        assert_eq!(
            classify_reread(&device(Some(3), "staging-mac"), &target, &staging),
            Reread::OnStaging
        );
        assert_eq!(
            classify_reread(&device(Some(9), "mallory"), &target, &staging),
            Reread::OnOtherUser
        );
        assert_eq!(
            classify_reread(&device(None, "JDOE"), &target, &staging),
            Reread::OnTarget
        );
        assert_eq!(
            classify_reread(
                &Err(UemError::DeviceNotFound { details: d(404) }),
                &target,
                &staging
            ),
            Reread::Gone
        );
        assert_eq!(
            classify_reread(
                &Err(UemError::Server { details: d(503) }),
                &target,
                &staging
            ),
            Reread::Failed
        );
        let nobody = Ok(Device::default());
        assert_eq!(
            classify_reread(&nobody, &target, &staging),
            Reread::OnOtherUser
        );
    }
}
