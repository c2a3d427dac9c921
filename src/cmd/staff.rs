//! `simpul admin user`: the browser console's staff accounts, kept in the
//! console's replica (`--console`, the file `simpul serve --console`
//! uses). The first account also makes that replica: set up for
//! `--regency` and enrolled with the server's database directly (no
//! network, no token kept). The password is asked twice (without echo
//! from a terminal, else two lines of stdin), never taken from an argument.

use anyhow::{Context, Result};
use simpul_core::staff::{StaffInput, StaffRole};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a staff account; the first one with --admin.
    Add {
        /// The console's replica file (made when new).
        #[arg(long)]
        console: PathBuf,
        /// The regency's name, when the console's replica is new.
        #[arg(long)]
        regency: Option<String>,
        #[arg(long)]
        name: String,
        #[arg(long)]
        nip: String,
        /// admin, operator or viewer (read-only).
        #[arg(long, default_value = "operator", conflicts_with = "admin")]
        role: String,
        /// Shorthand for --role admin.
        #[arg(long)]
        admin: bool,
    },
    /// List the staff accounts.
    List {
        #[arg(long)]
        console: PathBuf,
    },
}

pub fn run(c: Command, data_center: &super::admin::DataCenter) -> Result<ExitCode> {
    match c {
        Command::Add {
            console,
            regency,
            name,
            nip,
            role,
            admin,
        } => {
            let role = if admin {
                StaffRole::Admin
            } else {
                StaffRole::from_key(&role).ok_or_else(|| {
                    anyhow::anyhow!("peran {role:?} tidak dikenal: admin, operator atau viewer")
                })?
            };
            let svc = super::service(&console)?;
            let enrolled = {
                let r = svc.replica()?;
                r.is_configured() && r.server()?.is_some()
            };
            if !enrolled {
                simpul_console::uplink::prepare(
                    &svc,
                    &data_center.state_with_key()?,
                    regency.as_deref(),
                )
                .with_context(|| format!("replika konsol {}", console.display()))?;
                println!(
                    "Replika konsol {} disiapkan dan terdaftar di server {}.",
                    console.display(),
                    data_center.database
                );
            }
            let password = super::people::read_pin("Kata sandi (paling sedikit 10 karakter): ")?;
            let password_again = super::people::read_pin("Ketik ulang kata sandi: ")?;
            let added = svc.staff_add(&StaffInput {
                name,
                nip,
                role,
                password,
                password_again,
            })?;
            println!(
                "Akun {} (NIP {}) ditambahkan sebagai {}.",
                added.name, added.nip, added.role_label
            );
        }
        Command::List { console } => {
            let svc = super::service(&console)?;
            for s in svc.staff()? {
                println!(
                    "{}\t{}\t{}{}",
                    s.nip,
                    s.name,
                    s.role_label,
                    if s.locked { "\tTERKUNCI" } else { "" }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
