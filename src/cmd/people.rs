//! `simpul people`: the people who sign in on this device, and signing in
//! on the command line with `--person NIP` (the PIN is asked for, never
//! taken from an argument). Without `--person`, a command acts as the
//! device itself.

use anyhow::{Context, Result};
use simpul_core::person::{PersonInput, Role};
use simpul_service::Service;
use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

/// The person the command acts as (`--person`), set once at start.
static PERSON: OnceLock<String> = OnceLock::new();

/// Makes every command of this run act as the person with this NIP.
pub fn act_as(nip: String) {
    let _ = PERSON.set(nip);
}

/// Reads a PIN: without echo from a terminal, else one line of stdin
/// (scripts pipe it in).
pub fn read_pin(prompt: &str) -> Result<String> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt).context("PIN tidak dapat dibaca");
    }
    eprint!("{prompt}");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("PIN tidak dapat dibaca")?;
    Ok(line.trim().to_owned())
}

/// Signs in the person given with `--person`, if any.
pub fn sign_in(svc: &Service) -> Result<()> {
    let Some(nip) = PERSON.get() else {
        return Ok(());
    };
    let pin = read_pin(&format!("PIN untuk NIP {nip}: "))?;
    let person = svc.sign_in(nip, &pin)?;
    eprintln!("Masuk sebagai {} (NIP {}).", person.name, person.nip);
    Ok(())
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the people of this device.
    List,
    /// Add a person (the first must be an administrator); the PIN is asked twice.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        nip: String,
        /// pengurus_barang, teknisi, admin_opd or diskominfo.
        #[arg(long)]
        role: String,
    },
    /// Give a person a new PIN (asked twice); lifts a lock.
    ResetPin {
        #[arg(long)]
        nip: String,
    },
    /// Remove a person: they can no longer sign in (their changes keep
    /// their signatures).
    Remove {
        #[arg(long)]
        nip: String,
    },
}

pub fn run(db: &Path, c: Command) -> Result<ExitCode> {
    let svc = super::service(db)?;
    match c {
        Command::List => {
            let people = svc.people()?;
            if people.is_empty() {
                println!("Belum ada orang; perubahan ditandatangani atas nama perangkat.");
            }
            for p in people {
                let locked = if p.locked { "  (terkunci)" } else { "" };
                println!("{}  {:<18} {}{locked}", p.nip, p.role_label, p.name);
            }
        }
        Command::Add { name, nip, role } => {
            let role = Role::from_key(role.trim()).with_context(|| {
                format!("peran {role:?} tidak dikenal: pengurus_barang, teknisi, admin_opd atau diskominfo")
            })?;
            let pin = read_pin("PIN baru: ")?;
            let pin_again = read_pin("Ketik ulang PIN: ")?;
            let added = svc.person_add(&PersonInput {
                name,
                nip,
                role,
                pin,
                pin_again,
            })?;
            println!(
                "{} (NIP {}) ditambahkan sebagai {}.",
                added.name, added.nip, added.role_label
            );
        }
        Command::ResetPin { nip } => {
            let pin = read_pin("PIN baru: ")?;
            let pin_again = read_pin("Ketik ulang PIN: ")?;
            svc.pin_reset(&nip, &pin, &pin_again)?;
            println!("PIN untuk NIP {nip} diganti.");
        }
        Command::Remove { nip } => {
            svc.person_remove(&nip)?;
            println!("NIP {nip} dihapus dari perangkat ini.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
