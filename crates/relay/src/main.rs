//! `baton-relay --config FILE [--check-config] [--log-format json]`, and
//! `baton-relay --config FILE doctor [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Baton Relay: holds the UEM credential so the Macs hold none.
#[derive(Debug, Parser)]
#[command(name = "baton-relay", version, about)]
struct Args {
    /// The configuration file (.toml or .json).
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Validate the configuration, print every problem at once, and exit 0 or 2.
    #[arg(long)]
    check_config: bool,
    /// `text` (default) or `json` lines on standard error.
    #[arg(long, default_value = "text")]
    log_format: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Preflight: TLS, database, UEM (reachable, TLS, token, the role's reads), the directory.
    /// One line per check with the fix; exit 0 only when all pass.
    Doctor {
        /// One JSON document instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    // `BATON_LOG` (`target=level` directives and a bare level), else info from everything.
    let filter = baton_core::logging::filter_from_env("info");
    // Every line passes Baton's one redaction rule (registered secrets, credential-shaped values).
    let writer = baton_core::logging::RedactingWriter::new(baton_core::logging::Sink::Stderr);
    let builder = tracing_subscriber::fmt()
        // The filter is the layer below; the builder's own (info by default) must pass all.
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(writer);
    if args.log_format == "json" {
        builder.json().finish().with(filter).init();
    } else {
        builder.finish().with(filter).init();
    }
    let config = match baton_relay::config::load(&args.config) {
        Ok(config) => config,
        Err(error) => {
            for problem in &error.problems {
                eprintln!("{problem}");
            }
            return ExitCode::from(2);
        }
    };
    for secret in config.settings.secrets() {
        // Every log line of this process is scrubbed of the UEM credential.
        baton_core::redact::register_forever(secret);
    }
    if args.check_config {
        eprintln!("The configuration is valid.");
        return ExitCode::SUCCESS;
    }
    if let Some(Command::Doctor { json }) = args.command {
        return doctor(&config, json);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("could not start: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async {
        let running = match baton_relay::start(config).await {
            Ok(running) => running,
            Err(e) => {
                eprintln!("baton-relay could not start: {e}");
                return ExitCode::from(1);
            }
        };
        println!("{}", running.url);
        stopped().await;
        tracing::info!("stopping: in-flight hand-offs finish, new ones are refused");
        running.shutdown().await;
        ExitCode::SUCCESS
    })
}

/// `doctor`: every check on standard output; exit 0 only when all pass.
fn doctor(config: &baton_relay::config::RelayConfig, json: bool) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("could not start: {e}");
            return ExitCode::from(1);
        }
    };
    let checks = runtime.block_on(baton_relay::doctor::checks(config));
    let code = baton_core::doctor::report(json, &checks, &mut std::io::stdout().lock());
    ExitCode::from(code.code())
}

/// SIGINT (Ctrl-C) or SIGTERM (service managers, container runtimes).
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
