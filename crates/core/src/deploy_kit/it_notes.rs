//! What each support code means for IT and what to check: the admin's half of the support-code
//! catalogue. The person's half (the sentence, the next step, the exit code) stays where the
//! error is defined; [`super::troubleshooting`] joins both into `docs/troubleshooting.md`, and
//! its test fails when a code has no note here or a note names a code nothing sends.

/// IT's view of one support code.
#[derive(Debug, Clone, Copy)]
pub struct ItNote {
    pub code: &'static str,
    /// What happened, in IT's terms.
    pub meaning: &'static str,
    /// What to check first.
    pub check: &'static str,
}

const fn n(code: &'static str, meaning: &'static str, check: &'static str) -> ItNote {
    ItNote {
        code,
        meaning,
        check,
    }
}

#[rustfmt::skip]
pub const IT_NOTES: &[ItNote] = &[
    n("APP-IDENTITY", "The app could not read the Mac's serial number (IOKit) at start.", "Run `baton status` on the Mac; check the log in ~/Library/Logs/Baton. `AllowIdentityOverride` must be off in production."),
    n("APP-MODE", "The self-service hand-off was asked to start in a mode it never runs in (a pickup desk's own Mac is never handed off by the desk). Every `Mode` of this version has its own screens, so this points at a build or profile mismatch.", "Check `Mode` in the profile and that the installed Baton is the version the profile was written for; `baton check-config` shows what it reads."),
    n("APP-NO-DIRECTORY", "Self-service without a relay needs a directory to verify the password, and none is configured.", "Set `DirectoryType` = `ldap` and the `LDAP*` keys, or set `RelayURL`; run `baton doctor`."),
    n("CFG-001", "The managed configuration did not validate: a key is missing, of the wrong type, or keys contradict each other.", "Run `baton check-config` (or `baton doctor`) on the Mac: it lists every problem by key. Compare with docs/configuration.md."),
    n("CHK-NOT-CONFIRMED", "UEM accepted the switch but re-reading the device did not show the new enrollment user.", "Look at the device in the UEM console (Devices > List View) and its event log; run `baton status --serial S`."),
    n("CHK-NOT-ENROLLED", "The device record exists but is not enrolled (e.g. registered, unenrolled or enrollment pending).", "Finish enrollment (DEP staging, Hub or Web enrollment) and check Enrollment Status in the console."),
    n("CHK-RECORD-MISMATCH", "UEM's record for the serial asked about is not that Mac: its `SerialNumber` differs, or (in the app and the CLI) its `Udid` is not this Mac's hardware UUID (`IOPlatformUUID`). Nothing was changed.", "Compare the device record in UEM (Devices > List View) with `system_profiler SPHardwareDataType` on the Mac; a re-enrolled or duplicated record must be deleted in UEM."),
    n("CLI-KEYCHAIN-NOT-CONSOLE", "`assign --keychain` was run for another serial than this Mac's, or by an account other than the one signed in at the console: the password would land in the wrong keychain.", "Run it as the console user, for this Mac's serial; or leave out `--keychain`."),
    n("CLI-NOT-THIS-MAC", "On a self-service Mac the CLI hands over only the Mac it runs on, and `--serial` named another (or this Mac's serial could not be read).", "Use this Mac's serial (`baton status`), or `--technician`; IT-owned Macs in direct mode may set the managed key `AllowUnverifiedCLI`."),
    n("CLI-UNVERIFIED", "`assign` without `--password-stdin`, or `batch`, on a Mac whose profile does not set `AllowUnverifiedCLI` (or in relay mode, where a device never assigns without the person's password).", "Give the person's password with `--password-stdin`, use `--technician`, or — on an IT-owned Mac in direct mode — set `AllowUnverifiedCLI` in the configuration profile (it is ignored from `--config`)."),
    n("CLI-TECH-NEEDED", "A technician subcommand (`device`, `users`, `return`, `preregister`) was run without `--technician`.", "Add `--technician USER` and pipe that technician's password on standard input."),
    n("CLI-TECH-OPTION", "An option that belongs to the person's own hand-off (`--password-stdin`, `--keychain`, `status`, `batch`) was combined with `--technician`.", "Leave the option out; technicians assign without the person's password."),
    n("CLI-TECH-PREREGISTER", "`preregister` needs `--serial` with `--user`, or `--csv`.", "Give both `--serial` and `--user`, or a CSV with the header `SerialNumber,Username`."),
    n("TECH-NOT-NOW", "The technician asked for a step the device's state does not allow (e.g. return a Mac that is on a staging user).", "Look the device up again; its state may have changed in UEM."),
    n("TECH-NOT-TECHNICIAN", "The directory accepted the account, but it is not a member of any of `TechnicianGroups` (or the relay's `TechnicianGroups`).", "Add the account to a technicians group, or check the group DNs in `TechnicianGroups` and that the directory shows membership (`memberOf` or a readable group)."),
    n("TECH-SESSION-ENDED", "The technician session ended: idle longer than `SessionSeconds`, signed out, or the relay no longer knows the session (restart, expiry).", "Sign in again; raise `SessionSeconds` if sessions end too soon."),
    n("UEM-USER-MISMATCH", "UEM has an account with the person's name, but it is not the directory account that signed in: its `ExternalId` is another directory id, or (without `ExternalId`) it is not an active directory account with the same e-mail.", "Check the UEM user (Accounts > Users): directory-synced, active, `ExternalId` = the directory's objectGUID/entryUUID, e-mail as in the directory. Remove or rename a basic account that shadows the name."),
    n("CHK-NOT-STAGED", "The device's enrollment user is not one of `StagingUsernames`: it was already handed over.", "Check the device's user in UEM; to hand it over again return it to the staging user; check `StagingUsernames`."),
    n("CLI-CSV", "`baton batch` could not read the CSV file (missing, unreadable or wrong header).", "The file needs the header `SerialNumber,Username`, UTF-8, comma-separated."),
    n("CLI-CSV-ROW", "One line of the batch file lacks a field or repeats an earlier serial number.", "Correct that line and run the batch again; done lines are skipped."),
    n("CLI-KEYCHAIN-UNVERIFIED", "`--keychain` was given without `--password-stdin`.", "Pipe the password with `--password-stdin`; Baton stores only a verified password."),
    n("CLI-NO-DIRECTORY", "`--password-stdin` needs LDAP verification but `DirectoryType` is `none`.", "Configure the `LDAP*` keys, or leave out `--password-stdin`."),
    n("CLI-NO-SERIAL", "`baton status` without `--serial` could not read this machine's serial number.", "Pass `--serial S`."),
    n("CLI-STDIN", "The password could not be read from standard input (closed, not UTF-8, or empty).", "Pipe exactly one line: `printf '%s\\n' \"$PW\" | baton assign … --password-stdin`."),
    n("DIR-001", "The password field was empty; nothing was sent to the directory.", "Nothing to fix unless it repeats with a password typed."),
    n("DIR-002", "The user name contains characters Baton refuses before it reaches the directory.", "Ask for the short user name (sAMAccountName/uid) or the UPN; check `LDAPBindTemplate`."),
    n("DIR-049", "The directory refused the bind: wrong user name or password (LDAP result 49).", "Confirm the account signs in elsewhere; check `LDAPBindTemplate` produces the right bind name (try `{username}@domain`)."),
    n("DIR-100", "No TCP connection to the directory server (refused, no route, DNS).", "Check `LDAPURL`, DNS, port 636 (ldaps) or 389 (StartTLS) from the Mac's network; `baton doctor` tests it."),
    n("DIR-101", "The directory server did not answer in time.", "Check the server's load and the network path; a firewall dropping packets looks like this."),
    n("DIR-200", "The TLS handshake with the directory failed: untrusted or mismatched certificate, or no StartTLS.", "Add your private root to `TrustedCACertificates`; the certificate must name the host in `LDAPURL`; `baton doctor` shows which."),
    n("DIR-300", "The directory returned an unexpected LDAP error.", "Read the Baton log for the LDAP result code and message; check the domain controller's logs."),
    n("DIR-310", "The bind succeeded but the person's own entry could not be read.", "Check `LDAPBaseDN` and `LDAPUserFilter` find exactly one entry, and users may read their own entry."),
    n("DIR-320", "The entry the filter found is not the account that signed in (WhoAmI / bind name mismatch); refused for safety.", "Fix `LDAPUserFilter` so it finds the signed-in account, e.g. `(sAMAccountName={username})` or `(uid={username})`."),
    n("DIR-429", "Baton's local throttle: `MaxAttempts` failures in a row; it waits `LockoutSeconds` (growing).", "Wait; keep `MaxAttempts` below the directory's own lockout threshold."),
    n("DIR-530", "AD refused the sign-in outside the account's logon hours.", "Check the account's logon hours in AD."),
    n("DIR-531", "AD refused the sign-in from this workstation (userWorkstations).", "Check the account's 'Log On To' list in AD."),
    n("DIR-532", "The password has expired.", "Have the person change it (portal or another device); then retry."),
    n("DIR-533", "The account is disabled.", "Enable it in the directory if that is intended."),
    n("DIR-701", "The account has expired (accountExpires).", "Extend the account in AD if that is intended."),
    n("DIR-773", "The account must change its password at next logon.", "Have the person change it first, or clear 'must change password'."),
    n("DIR-775", "The directory has locked the account.", "Unlock it in AD, or wait for the lockout to end; check what else is trying old passwords."),
    n("DIR-900", "The directory settings cannot work (e.g. a bind template without `{username}`, a bad URL).", "Run `baton check-config`; compare the `LDAP*` keys with docs/configuration.md."),
    n("FLOW-NOT-YOURS", "The Mac is already assigned to a different person than the one who signed in; nothing was changed.", "Check the Mac's enrollment user in UEM; return it to the staging user if it should be handed over again."),
    n("KEYCHAIN-ITEM", "The switch succeeded but one `KeychainItems` item could not be written.", "Check the `KeychainItems` templates (every placeholder must be known for the user) and the log for which item."),
    n("KEYCHAIN-LOCKED", "The switch succeeded; the login keychain was locked, so no item was written.", "Have the person unlock the Mac and start Baton again; it resumes without a second switch."),
    n("KEYCHAIN-MAC-PASSWORD", "The switch succeeded; the Mac password given for the partition list was refused.", "Re-run after login with the right Mac password, or drop `KeychainPartitionTeamIDs` (NoMAD then asks once)."),
    n("KEYCHAIN-NOMAD", "The switch succeeded; the NoMAD item could not be written.", "Check the log; `WriteNoMADKeychainItem`; `ADDomain` or `KerberosRealm` must be known for the item's account."),
    n("KEYCHAIN-PLAN", "The switch succeeded; an item template needs a value the directory did not give (e.g. no mail).", "Fill the attribute in the directory or change the `KeychainItems` template."),
    n("KEYCHAIN-PREFS", "The switch succeeded; NoMAD's `LastUser` preference could not be written.", "Check the user's ~/Library/Preferences is writable; the person can type the user name in NoMAD once."),
    n("KEYCHAIN-UNAVAILABLE", "The switch succeeded; the login keychain (or Secret Service) could not be opened.", "Check the user's login keychain exists and is the default; `baton doctor` writes and removes a test item."),
    n("MACPW-EMPTY", "The person left the Mac password empty on the partition-list screen.", "Nothing to fix; they may skip."),
    n("MACPW-WRONG", "The Mac (login-keychain) password given was refused.", "The person types the password that unlocks this Mac, or skips."),
    n("RELAY-BAD-REQUEST", "The relay refused the request as malformed (HTTP 400): app and relay versions may not match.", "Update the app and relay to the same release; the relay log has the request id."),
    n("RELAY-BUSY", "The relay answered 429: too many failed attempts for this user name, or the relay is throttling.", "Wait for `Retry-After`; check the relay's `/metrics` and audit for repeated failures."),
    n("RELAY-ERROR", "The relay answered with a server error.", "Read the relay log (request id) and `/readyz`; check its database and UEM reachability with `baton-relay doctor`."),
    n("RELAY-FORBIDDEN", "The relay refused this action for this caller (HTTP 403): e.g. a Mac asking about another Mac, or an integration token's role.", "Check the relay audit; a Mac may hand over only itself; technicians need `TechnicianGroups`."),
    n("RELAY-IDENTITY", "The Mac has no usable client certificate for the relay (missing identity, wrong issuer, unreadable key).", "Check the device-certificate profile was delivered; `RelayClientIdentityIssuer` must equal the issuing CA's common name; `baton doctor`."),
    n("RELAY-TLS", "The TLS handshake with the relay failed: its certificate is untrusted, or it refused this Mac's certificate.", "Add the relay's root to `RelayCACertificates`; the relay's `DeviceCACertificates` must include the CA that issued the Mac's certificate."),
    n("RELAY-UNKNOWN-DEVICE", "The relay could not map this Mac's certificate to a UEM device (HTTP 401): serial not in the certificate, or not in UEM.", "Check the certificate subject carries `{DeviceSerialNumber}` where the relay's `DeviceSerialFrom` looks, and the device exists in UEM."),
    n("RELAY-UNREACHABLE", "No connection to `RelayURL` (refused, DNS, timeout).", "Check `RelayURL`, DNS, firewall and the relay's `/healthz`."),
    n("SIGNIN-USERNAME", "The user name the directory returned cannot be used to name Keychain items or the UEM user.", "Check the directory entry's uid/sAMAccountName; read the log."),
    n("UEM-401", "UEM refused the API credentials (HTTP 401): wrong or expired OAuth client or basic-auth account, or wrong tenant code.", "Check the OAuth client in Groups & Settings > Configurations > OAuth Client Management, or the basic admin and `UEMTenantCode`; `baton doctor`."),
    n("UEM-403", "The API role does not allow this call (HTTP 403).", "Check the admin role bound to the OAuth client has the permissions in docs/deploying.md (API role)."),
    n("UEM-429", "UEM rate-limited Baton (HTTP 429).", "Wait; check the tenant's daily API quota and other integrations using it."),
    n("UEM-5XX", "UEM answered with a server error (HTTP 5xx).", "Retry later; check the Workspace ONE status page."),
    n("UEM-CONFIG", "The UEM settings are incomplete or contradictory.", "Run `baton check-config`; compare the `UEM*` keys with docs/configuration.md."),
    n("UEM-CONFIG-HTTPS", "A UEM URL is not https.", "Set `UEMAPIURL` and `UEMOAuthTokenURL` to https:// addresses."),
    n("UEM-DEVICE-CHANGED", "Between reading and switching, the device's enrollment user changed (someone else handed it over).", "Check the device's event log in UEM; nothing was overwritten."),
    n("UEM-DEVICE-NOT-FOUND", "No UEM device has this Mac's serial number.", "Check enrollment finished and the serial matches (Devices > List View); pre-register if you use registration."),
    n("UEM-OFFLINE", "No connection to the UEM API host (refused, DNS, proxy).", "Check `UEMAPIURL`, DNS and any proxy or firewall from the Mac's network; `baton doctor`."),
    n("UEM-SWITCH-REJECTED", "UEM refused the enrollment-user change (e.g. the user is inactive or in another organization group).", "Check the user is active and in or above the device's organization group; the log has UEM's message."),
    n("UEM-SWITCH-UNKNOWN", "The switch request was sent but no answer came back; Baton re-reads before doing anything again.", "Check the device in UEM; starting Baton again resolves it without a second switch."),
    n("UEM-TIMEOUT", "UEM did not answer in time.", "Check the network path and the Workspace ONE status page."),
    n("UEM-TLS", "The TLS handshake with UEM failed (untrusted certificate, TLS-inspecting proxy).", "Add the proxy's root to `TrustedCACertificates`, or exempt the UEM host from TLS inspection."),
    n("UEM-TOKEN", "The OAuth token URL refused the client credentials.", "Check `UEMOAuthTokenURL` is your region's, and the client ID and secret; try `UEMOAuthClientAuth` = `basic`."),
    n("UEM-UNEXPECTED", "UEM answered with a status Baton does not expect for this call.", "Read the log for the status and path; check the UEM version supports API v2 for the switch."),
    n("UEM-UNREADABLE", "UEM's answer could not be parsed.", "Read the log; a proxy returning an HTML page looks like this."),
    n("UEM-USER-AMBIGUOUS", "The UEM user search found several accounts with this user name.", "Remove or rename the duplicate UEM users (Accounts > Users > List View)."),
    n("UEM-USER-NOT-FOUND", "No UEM user with this user name.", "Sync the user from the directory in UEM, or set `CreateMissingUsers`."),
];

/// The note for a code.
pub fn note(code: &str) -> Option<&'static ItNote> {
    IT_NOTES.iter().find(|n| n.code == code)
}
