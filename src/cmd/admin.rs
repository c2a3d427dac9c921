//! `simpul admin`: OPDs, enrollment codes and devices of a server's database.

use anyhow::{Context, Result};
use simpul_server::{Admin, Database, HubStore, ServerState};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The server's database: a SQLite file, or a PostgreSQL connection
    /// string (postgres://user@host/db); from SIMPUL_DATABASE when unset,
    /// which keeps a password out of the process list.
    #[arg(
        long = "database",
        alias = "data",
        env = "SIMPUL_DATABASE",
        default_value = "simpul-server.db"
    )]
    database: String,
    /// The server's own key (default: beside a SQLite file, else
    /// simpul-server.key in the working folder).
    #[arg(long, env = "SIMPUL_KEY")]
    key: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// The data center's database and key, as every admin command reaches them.
#[derive(Debug)]
pub struct DataCenter {
    pub database: Database,
    pub key: PathBuf,
}

impl DataCenter {
    pub fn new(database: &str, key: Option<PathBuf>) -> DataCenter {
        let database = Database::parse(database);
        let key = key.unwrap_or_else(|| database.default_key_path());
        DataCenter { database, key }
    }

    pub fn open(&self) -> Result<Box<dyn HubStore>> {
        self.database
            .open()
            .with_context(|| format!("membuka {}", self.database))
    }

    /// The server's state on this database (loads every document).
    pub fn state(&self) -> Result<ServerState> {
        Ok(ServerState::load(self.open()?)?)
    }

    /// [`DataCenter::state`] with the server's key. A key is made only for
    /// a data center with no device yet: once devices know the server's
    /// key, a missing file means a wrong `--key`, and a new key would
    /// sign files they refuse.
    pub fn state_with_key(&self) -> Result<ServerState> {
        if !self.key.exists() && !self.open()?.devices()?.is_empty() {
            anyhow::bail!(
                "kunci server {} tidak ada, padahal perangkat sudah terdaftar: beri --key (atau SIMPUL_KEY) berkas kunci yang dipakai `simpul serve`",
                self.key.display()
            );
        }
        let key = simpul_server::server_key::load_or_create(&self.key)?;
        Ok(self.state()?.with_server_key(key))
    }
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Staff accounts of the browser console.
    #[command(subcommand)]
    User(super::staff::Command),
    /// Add or rename an OPD, or list them.
    #[command(subcommand)]
    Opd(OpdCommand),
    /// Issue a one-time enrollment code.
    EnrollCode {
        /// The OPD the device will belong to.
        #[arg(long, conflicts_with = "diskominfo")]
        opd: Option<String>,
        /// A Diskominfo device (reads and writes every OPD).
        #[arg(long)]
        diskominfo: bool,
        /// Hours the code stays valid.
        #[arg(long, default_value_t = 72)]
        hours: i64,
    },
    /// Write an enrollment file for an OPD with no link at all: the device
    /// reads it (`simpul enroll --file`), and its first bundle enrolls it.
    EnrollFile {
        #[arg(long, conflicts_with = "diskominfo")]
        opd: Option<String>,
        #[arg(long)]
        diskominfo: bool,
        /// Days the file stays valid (it may travel for a while).
        #[arg(long, default_value_t = 14)]
        days: i64,
        /// The server's address, for when the OPD gets a link later.
        #[arg(long)]
        server_address: Option<String>,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Which OPDs keep their data up to date: devices, last sync, last
    /// change, and the OPDs overdue (for a teguran).
    Status {
        /// Days without a sync or a change before an OPD is overdue
        /// (default: the regency's setting, else 30).
        #[arg(long)]
        days: Option<i64>,
        /// Only the overdue OPDs.
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        json: bool,
    },
    /// List enrolled devices, or revoke one.
    Devices {
        #[arg(long)]
        revoke: Option<String>,
    },
    /// USB bundles carried from and to devices without a link.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Back up the database while the server runs (documents, devices with
    /// their public keys, audit trail, settings; no secrets).
    Backup {
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Restore a backup into the database (stop the server first). With
    /// --check, only verify the file.
    Restore {
        file: PathBuf,
        /// Replace an existing database (kept beside as .sebelum-pulih).
        #[arg(long)]
        force: bool,
        #[arg(long)]
        check: bool,
    },
    /// List the changes the data center accepted: who wrote them, from
    /// which device, when, and how they came.
    Audit {
        /// Only changes to this OPD's documents (DISKOMINFO: the regency's).
        #[arg(long)]
        opd: Option<String>,
        /// Only changes written by this device (its id).
        #[arg(long)]
        device: Option<String>,
        /// Only changes signed by this person (NIP, spaces allowed).
        #[arg(long)]
        nip: Option<String>,
        /// Only changes received on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// At most this many entries, newest first.
        #[arg(long, default_value_t = 200)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Re-check the signature of every stored change; exit 1 on anything
    /// unsigned, forged or unreadable.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Subcommand)]
enum BundleCommand {
    /// Import a device's bundle: through the running server with --server,
    /// or into the database file when the server is stopped.
    Import {
        file: PathBuf,
        #[arg(long)]
        server: Option<String>,
    },
    /// Write a bundle with what a device lacks.
    Export {
        #[arg(long)]
        device: String,
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Debug, clap::Subcommand)]
enum OpdCommand {
    Add { code: String, name: String },
    List,
}

pub fn run(a: Args) -> Result<std::process::ExitCode> {
    let dc = DataCenter::new(&a.database, a.key);
    let command = match a.command {
        Command::User(u) => return super::staff::run(u, &dc),
        Command::Bundle(b) => return bundle(&dc, b),
        Command::Backup { output } => {
            let m = simpul_server::backup::backup(&dc.database, &output, chrono::Utc::now())?;
            println!(
                "Cadangan ditulis ke {}: {} dokumen, {} perangkat, {} baris jejak audit, {} KB (SHA-256 {}).",
                output.display(),
                m.documents,
                m.devices,
                m.audit_rows,
                m.payload_bytes / 1024,
                &m.payload_sha256[..16]
            );
            return Ok(std::process::ExitCode::SUCCESS);
        }
        Command::Restore { file, force, check } => {
            let m = if check {
                simpul_server::backup::verify(&file)?
            } else {
                let r = simpul_server::backup::restore(&file, &dc.database, force)?;
                if let Some(p) = &r.previous {
                    println!("Isi sebelumnya disimpan di {}.", p.display());
                }
                r.manifest
            };
            println!(
                "{} {} (dibuat {}): {} dokumen, {} perangkat, {} baris jejak audit.",
                if check {
                    "Cadangan utuh:"
                } else {
                    "Dipulihkan dari"
                },
                file.display(),
                m.created_at,
                m.documents,
                m.devices,
                m.audit_rows
            );
            return Ok(std::process::ExitCode::SUCCESS);
        }
        Command::EnrollFile {
            opd,
            diskominfo,
            days,
            server_address,
            output,
        } => return enroll_file(&dc, (opd, diskominfo), days, server_address, &output),
        other => other,
    };
    let mut store = dc.open()?;
    let mut admin = Admin::new(store.as_mut());
    match command {
        Command::Opd(OpdCommand::Add { code, name }) => {
            admin.add_opd(&code, &name)?;
            println!("OPD {} ditambahkan.", code.to_uppercase());
        }
        Command::Opd(OpdCommand::List) => {
            for (code, name) in admin.opds()? {
                println!("{code:<12} {name}");
            }
        }
        Command::EnrollCode {
            opd,
            diskominfo,
            hours,
        } => {
            if opd.is_none() && !diskominfo {
                anyhow::bail!("pilih --opd KODE atau --diskominfo");
            }
            let c = admin.enroll_code(opd.as_deref(), hours)?;
            println!("Kode pendaftaran: {}", c.code);
            println!(
                "Untuk: {:?}; berlaku sampai {}; hanya sekali pakai.",
                c.scope, c.expires_at
            );
        }
        Command::Devices { revoke: Some(id) } => {
            if admin.revoke(&id)? {
                println!("Perangkat {id} dicabut; permintaannya ditolak mulai sekarang.");
            } else {
                anyhow::bail!("perangkat {id} tidak ditemukan atau sudah dicabut");
            }
        }
        Command::Bundle(_)
        | Command::User(_)
        | Command::EnrollFile { .. }
        | Command::Backup { .. }
        | Command::Restore { .. } => {}
        Command::Audit {
            opd,
            device,
            nip,
            since,
            limit,
            json,
        } => {
            let since = since.map(|s| since_of(&s)).transpose()?;
            let nip = nip
                .map(|n| simpul_core::Nip::parse("nip", &n).map(|n| n.digits().to_owned()))
                .transpose()
                .map_err(|e| anyhow::anyhow!("--nip: {}", e.message))?;
            let rows = admin.audit(&simpul_server::AuditFilter {
                opd,
                device,
                nip,
                since,
                limit,
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else if rows.is_empty() {
                println!("Tidak ada perubahan yang cocok.");
            }
            for r in rows.iter().filter(|_| !json) {
                let person = if r.person_nip.is_empty() {
                    "(perangkat)".to_owned()
                } else {
                    format!("{} NIP {} ({})", r.person_name, r.person_nip, r.person_role)
                };
                println!(
                    "{}  {:<7} {:<28} {:<18} {}  {} ({})  dibuat {}  {}",
                    r.received_at,
                    r.via,
                    r.doc,
                    r.action,
                    person,
                    r.author_name,
                    r.author,
                    r.changed_at,
                    r.records.join(" ")
                );
            }
        }
        Command::Verify { json } => {
            let report = admin.verify()?;
            super::verify::print(
                &report,
                json,
                "Perubahan dengan tanda tangan sah",
                "Perubahan perangkat tanpa kunci terdaftar",
            )?;
            if !report.ok() {
                return Ok(std::process::ExitCode::from(1));
            }
        }
        Command::Status {
            days,
            overdue,
            json,
        } => {
            let days = match days {
                Some(d) => d,
                None => admin.allowed_days()?,
            };
            let rows: Vec<_> = admin
                .status(chrono::Utc::now(), days)?
                .into_iter()
                .filter(|o| !overdue || o.overdue.is_some())
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print_status(&rows, days);
            }
        }
        Command::Devices { revoke: None } => {
            for d in admin.devices()? {
                let state = if d.revoked { "DICABUT" } else { "aktif" };
                let key = d
                    .key_fingerprint
                    .as_deref()
                    .unwrap_or("(kunci belum terdaftar)");
                println!(
                    "{}  {:<12} {:<8} {}  kunci {}  {}",
                    d.id, d.scope, state, d.enrolled_at, key, d.name
                );
            }
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// The update status as a list a person reads (and prints for a teguran).
fn print_status(rows: &[simpul_server::OpdStatus], days: i64) {
    let date = |t: &Option<String>| {
        t.as_deref()
            .map_or("-".to_owned(), |t| t.chars().take(10).collect())
    };
    println!(
        "{:<12} {:<12} {:<12} {:<9} keterangan",
        "OPD", "sinkron", "perubahan", "perangkat"
    );
    for o in rows {
        let note = o
            .overdue
            .map_or_else(|| "tepat waktu".to_owned(), |r| format!("TERLAMBAT: {r}"));
        println!(
            "{:<12} {:<12} {:<12} {:<9} {note}",
            o.code,
            date(&o.last_sync_at),
            date(&o.last_change_at),
            o.devices.iter().filter(|d| !d.revoked).count()
        );
    }
    let late = rows.iter().filter(|o| o.overdue.is_some()).count();
    println!(
        "{late} dari {} OPD terlambat (batas {days} hari tanpa sinkron atau perubahan).",
        rows.len()
    );
}

/// Writes an enrollment file, signed with the server's key.
fn enroll_file(
    dc: &DataCenter,
    (opd, diskominfo): (Option<String>, bool),
    days: i64,
    server_address: Option<String>,
    output: &std::path::Path,
) -> Result<std::process::ExitCode> {
    if opd.is_none() && !diskominfo {
        anyhow::bail!("pilih --opd KODE atau --diskominfo");
    }
    let state = dc.state_with_key()?;
    let (code, bytes) =
        state.enroll_file(opd.as_deref(), days.clamp(1, 30) * 24, server_address)?;
    std::fs::write(output, bytes).with_context(|| format!("menulis {}", output.display()))?;
    println!(
        "Berkas pendaftaran untuk {:?} ditulis ke {}; berlaku sampai {}, sekali pakai.",
        code.scope,
        output.display(),
        code.expires_at
    );
    println!("Di perangkat: simpul enroll --file BERKAS, lalu simpul bundle export -o BERKAS.");
    Ok(std::process::ExitCode::SUCCESS)
}

/// A `--since` value: a date (from its start) or an RFC 3339 time.
fn since_of(s: &str) -> Result<String> {
    // The trail's own format: seconds, UTC, "Z" (it compares as text).
    let stamp =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        return Ok(stamp(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()));
    }
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map(|t| stamp(t.to_utc()))
        .with_context(|| format!("--since {s}: tulis tanggal sebagai YYYY-MM-DD"))
}

fn bundle(dc: &DataCenter, b: BundleCommand) -> Result<std::process::ExitCode> {
    match b {
        BundleCommand::Import {
            file,
            server: Some(addr),
        } => {
            let bytes = read_bundle(&file)?;
            // Whoever can write the server's database may upload: a
            // short-lived credential made here authenticates the upload.
            let mut store = dc.open()?;
            let token = Admin::new(store.as_mut()).upload_token(30)?;
            let n = simpul_sync::http::HttpHub::upload_bundle(
                &addr,
                &token,
                &bytes,
                &simpul_sync::ClientConfig::default(),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Bundel diimpor lewat server {addr}: {n} dokumen berubah.");
        }
        BundleCommand::Import { file, server: None } => {
            let bytes = read_bundle(&file)?;
            let (device, n) = dc.state()?.import_bundle_from(&bytes)?;
            println!(
                "Bundel perangkat {device} diimpor ke {}: {n} dokumen berubah.",
                dc.database
            );
            println!("Bundel balasan: simpul admin bundle export --device {device} -o BERKAS");
        }
        BundleCommand::Export { device, output } => {
            let state = dc.state_with_key()?;
            std::fs::write(&output, state.export_bundle(&device)?)
                .with_context(|| format!("menulis {}", output.display()))?;
            println!(
                "Bundel untuk perangkat {device} ditulis ke {}.",
                output.display()
            );
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// Reads a bundle file (refused before reading when over the size limit).
pub fn read_bundle(file: &std::path::Path) -> Result<Vec<u8>> {
    simpul_sync::bundle::read_file(file).with_context(|| format!("membaca {}", file.display()))
}
