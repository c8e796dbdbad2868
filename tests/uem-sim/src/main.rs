//! `uem-sim`: runs the simulator (HTTPS, plus the LDAPS and StartTLS directory) until Ctrl-C;
//! `uem-sim pki …` writes a throwaway PKI for the relay demo instead.
//!
//! Standard output carries only what a script reads: the base URL (one line), or with
//! `--print-config` the Baton JSON configuration, or for `pki` the kiosk certificate's
//! fingerprint. Everything else goes to standard error.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use uem_sim::pki::{self, DeviceCertOptions};
use uem_sim::{Seed, Sim, SimOptions};

/// A Workspace ONE UEM tenant simulator over HTTPS on 127.0.0.1, with its directory over
/// LDAPS and StartTLS.
#[derive(Debug, Parser)]
#[command(name = "uem-sim", version, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Seed file (JSON with comments); the bundled demo tenant when left out.
    #[arg(long, value_name = "FILE")]
    seed: Option<PathBuf>,
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Write this run's CA certificate (PEM) to FILE.
    #[arg(long, value_name = "FILE")]
    ca_out: Option<PathBuf>,
    /// Delay every request by this many milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    latency_ms: u64,
    /// Print a Baton JSON configuration pointing at this simulator on standard output.
    #[arg(long)]
    print_config: bool,
    /// Write the Baton JSON configuration to FILE (atomically: poll for the file).
    #[arg(long, value_name = "FILE")]
    config_out: Option<PathBuf>,
    /// LDAPS port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0, value_name = "N")]
    ldaps_port: u16,
    /// Plain LDAP port with mandatory StartTLS on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0, value_name = "N")]
    ldap_port: u16,
    /// Do not serve the directory over LDAP (the configuration then has no directory keys).
    #[arg(long, conflicts_with_all = ["ldaps_port", "ldap_port"])]
    no_ldap: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a throwaway PKI for the relay demo into DIR: ca.pem, relay.pem, relay-key.pem,
    /// device.pem, device-key.pem, kiosk.pem, kiosk-key.pem; print the kiosk certificate's
    /// SHA-256 fingerprint (lower-case hex) on standard output.
    Pki(PkiArgs),
}

#[derive(Debug, clap::Args)]
struct PkiArgs {
    /// Directory to write into (created if missing; files in it are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Serial number of the Mac: the device certificate's subject CN.
    #[arg(long, value_name = "SERIAL")]
    serial: String,
    /// Subject CN of the self-signed kiosk certificate.
    #[arg(long, value_name = "NAME", default_value = "kiosk")]
    kiosk: String,
    /// DNS name or IP of the relay certificate (repeatable); default localhost, 127.0.0.1, ::1.
    #[arg(long = "relay-name", value_name = "NAME")]
    relay_names: Vec<String>,
    /// Also put the serial in the device certificate's subject serialNumber attribute.
    #[arg(long)]
    serial_attribute: bool,
    /// Also put PREFIX<serial> in a SAN URI of the device certificate.
    #[arg(long, value_name = "PREFIX")]
    san_uri_prefix: Option<String>,
}

fn write_pki(args: &PkiArgs) -> Result<(), String> {
    let names: Vec<&str> = if args.relay_names.is_empty() {
        pki::DEFAULT_RELAY_NAMES.to_vec()
    } else {
        args.relay_names.iter().map(String::as_str).collect()
    };
    let options = DeviceCertOptions {
        serial_number_attribute: args.serial_attribute,
        san_uri_prefix: args.san_uri_prefix.clone(),
    };
    let bundle = pki::write_bundle(&args.out, &args.serial, &args.kiosk, &names, &options)
        .map_err(|e| e.to_string())?;
    eprintln!(
        "uem-sim pki: wrote {} (CA {}, device {} for {}, relay for {})",
        args.out.display(),
        bundle.ca.fingerprint(),
        bundle.device.fingerprint(),
        args.serial,
        names.join(", ")
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", bundle.kiosk.fingerprint())
        .and_then(|()| stdout.flush())
        .map_err(|e| e.to_string())
}

/// Writes next to `path` first, then renames, so a reader never sees half a file.
fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, contents)?;
    std::fs::rename(&partial, path)
}

async fn run(args: Args) -> Result<(), String> {
    let seed = match &args.seed {
        Some(path) => Seed::from_file(path).map_err(|e| e.to_string())?,
        None => Seed::demo(),
    };
    let options = SimOptions {
        port: args.port,
        latency: Duration::from_millis(args.latency_ms),
        ldap: !args.no_ldap,
        ldaps_port: args.ldaps_port,
        ldap_port: args.ldap_port,
        ..SimOptions::default()
    };
    let sim = Sim::start(seed, options).await.map_err(|e| e.to_string())?;

    if let Some(path) = &args.ca_out {
        write_atomically(path, sim.ca_pem())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let config = serde_json::to_string_pretty(&sim.baton_config()).map_err(|e| e.to_string())?;
    if let Some(path) = &args.config_out {
        write_atomically(path, &format!("{config}\n"))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let mut stdout = std::io::stdout().lock();
    let printed = if args.print_config {
        writeln!(stdout, "{config}")
    } else {
        writeln!(stdout, "{}", sim.base_url())
    };
    printed
        .and_then(|()| stdout.flush())
        .map_err(|e| e.to_string())?;
    drop(stdout);

    eprintln!(
        "uem-sim listening on {} (token URL {}); admin API under {}/_sim/; Ctrl-C stops",
        sim.base_url(),
        sim.token_url(),
        sim.base_url()
    );
    if let (Some(ldaps), Some(ldap)) = (sim.ldaps_url(), sim.ldap_url()) {
        eprintln!("uem-sim directory on {ldaps} and {ldap} (StartTLS required)");
    }
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    sim.shutdown().await;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = Args::parse();
    if let Some(Command::Pki(pki_args)) = args.command.take() {
        return match write_pki(&pki_args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("uem-sim pki: {message}");
                ExitCode::FAILURE
            }
        };
    }
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("uem_sim=info")),
        )
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("uem-sim: {message}");
            ExitCode::FAILURE
        }
    }
}
