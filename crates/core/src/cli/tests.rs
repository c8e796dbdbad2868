//! CLI tests that need no server: parsing and `check-config`.

use std::path::PathBuf;

use clap::Parser;

use super::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/config")
        .join(name)
}

fn run_check(args: &[&str]) -> (ExitCode, String) {
    let cli = Cli::try_parse_from(args).unwrap();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = run(&cli, cli.command.as_ref().unwrap(), &mut out, &mut err);
    (code, String::from_utf8(out).unwrap())
}

#[test]
fn good_config_exits_0_with_masked_secrets() {
    let path = fixture("good.json");
    let (code, out) = run_check(&["baton", "--config", path.to_str().unwrap(), "check-config"]);
    assert_eq!(code.code(), 0, "{out}");
    assert!(out.contains("UEMOAuthClientSecret"), "{out}");
    assert!(out.contains("••••"), "{out}");
    assert!(!out.contains("fixture-client-secret-8c1f"), "{out}");
    assert!(!out.contains("fixture-tenant-code-77aa"), "{out}");
    // A self-service Mac in direct mode holds the UEM credential: check-config says so.
    assert!(out.contains("Direct mode on a self-service Mac"), "{out}");
}

#[test]
fn a_relay_configuration_gets_no_direct_mode_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relay.json");
    std::fs::write(
        &path,
        r#"{"RelayURL": "https://relay.example.test", "RelayClientCertificateFile": "/etc/baton/device.pem", "RelayClientKeyFile": "/etc/baton/device-key.pem"}"#,
    )
    .unwrap();
    let (code, out) = run_check(&["baton", "--config", path.to_str().unwrap(), "check-config"]);
    assert_eq!(code.code(), 0, "{out}");
    assert!(!out.contains("Direct mode"), "{out}");
}

#[test]
fn bad_config_lists_every_problem_and_exits_2() {
    let path = fixture("bad.json");
    let (code, out) = run_check(&["baton", "check-config", "--config", path.to_str().unwrap()]);
    assert_eq!(code.code(), 2);
    assert!(out.contains("problems:"), "{out}");
    for key in [
        "UEMAPIURL",
        "StagingUsernames",
        "LDAPURL",
        "Mode",
        "AccentColor",
        "MaxAttempts",
        "KeychainItems",
        "UEMOAuthTokenURL",
    ] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("- {key}"))),
            "{key}: {out}"
        );
    }
    assert!(out.contains("Did you mean SyncDeviceAfterSwitch?"), "{out}");
}

#[test]
fn json_output_is_one_document() {
    let path = fixture("good.json");
    let (code, out) = run_check(&[
        "baton",
        "--json",
        "--config",
        path.to_str().unwrap(),
        "check-config",
    ]);
    assert_eq!(code.code(), 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["ok"], true);
    let secret = doc["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "UEMOAuthClientSecret")
        .unwrap();
    assert_eq!(secret["value"], "••••");
    assert_eq!(secret["origin"], "file");

    let bad = fixture("bad.json");
    let (code, out) = run_check(&[
        "baton",
        "--json",
        "--config",
        bad.to_str().unwrap(),
        "check-config",
    ]);
    assert_eq!(code.code(), 2);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["ok"], false);
    assert!(doc["problems"].as_array().unwrap().len() >= 8);
    assert_eq!(doc["error"]["code"], "CFG-001");
}

#[test]
fn a_missing_file_is_a_configuration_error() {
    let (code, out) = run_check(&[
        "baton",
        "--config",
        "/nonexistent/baton.json",
        "check-config",
    ]);
    assert_eq!(code.code(), 2);
    assert!(out.contains("could not be read"), "{out}");
}

#[test]
fn the_password_is_read_exactly_as_typed_without_the_line_ending() {
    use secrecy::ExposeSecret;
    let cases: &[(&[u8], &str)] = &[
        (b"hunter2\n", "hunter2"),
        (b"  spaced out  \r\n", "  spaced out  "),
        ("pässwörd-Ω 3\n".as_bytes(), "pässwörd-Ω 3"),
        (b"no newline", "no newline"),
        (b"first\nsecond\n", "first"),
        (b"\n", ""),
    ];
    for (input, expected) in cases {
        let mut reader = std::io::BufReader::new(*input);
        let password = assign::read_password(&mut reader).unwrap();
        assert_eq!(password.expose_secret(), *expected);
    }
    let long = "x".repeat(300) + "\n";
    let password = assign::read_password(&mut std::io::BufReader::new(long.as_bytes())).unwrap();
    assert_eq!(password.expose_secret().len(), 300);
}

#[test]
fn assign_takes_no_password_on_the_command_line() {
    assert!(Cli::try_parse_from([
        "baton",
        "assign",
        "--serial",
        "S",
        "--user",
        "u",
        "--password",
        "x"
    ])
    .is_err());
    let cli = Cli::try_parse_from([
        "baton",
        "assign",
        "--serial",
        "S",
        "--user",
        "u",
        "--password-stdin",
    ])
    .unwrap();
    assert!(matches!(
        cli.command,
        Some(Command::Assign {
            password_stdin: true,
            ..
        })
    ));
}

#[test]
fn the_launch_agent_starts_the_app_at_login() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../deploy/dev.baton.Baton.plist");
    let agent = plist::Value::from_file(&path).unwrap();
    let arguments: Vec<&str> = agent
        .as_dictionary()
        .and_then(|d| d.get("ProgramArguments"))
        .and_then(plist::Value::as_array)
        .expect("ProgramArguments")
        .iter()
        .map(|v| v.as_string().expect("a string"))
        .collect();
    assert_eq!(
        arguments.first(),
        Some(&"/Applications/Baton.app/Contents/MacOS/baton")
    );
    let cli = Cli::try_parse_from(&arguments).expect("the app accepts the agent's arguments");
    assert!(cli.at_login, "{arguments:?}");
    assert!(cli.command.is_none(), "the app, not a subcommand");
}
