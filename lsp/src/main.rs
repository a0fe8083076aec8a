//! `namefix-ls`: the namefix language server, speaking LSP over stdio.
//!
//! ```text
//! namefix-ls [--stdio]     serve over standard input/output
//! namefix-ls --version     print the version
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--stdio" => {}
            "--version" | "-V" => {
                println!("namefix-ls {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "--help" | "-h" => {
                println!(
                    "namefix-ls {}: the namefix language server (LSP over stdio)\n\n\
                     Usage: namefix-ls [--stdio]\n\n\
                     Settings go in initializationOptions or workspace/didChangeConfiguration\n\
                     under \"namefix\": lexicons, threshold, ignoreKinds, ignore, debounceMs,\n\
                     severity, incremental, logChecks. See README.md.",
                    env!("CARGO_PKG_VERSION")
                );
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("namefix-ls: unknown argument {other:?} (try --help)");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::from(namefix_ls::server::run() as u8)
}
