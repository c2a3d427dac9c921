//! Which database a data center keeps its data in, as `--database` and
//! the config's `database` name it: a PostgreSQL connection string
//! (`postgres://...`, `postgresql://...` or `host=... dbname=...`), else
//! the path of a SQLite file.

use super::{HubStore, PgHubStore, SqliteHubStore, StoreResult};
use std::path::{Path, PathBuf};

#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Database {
    /// Reads a `--database` value.
    pub fn parse(s: &str) -> Database {
        let t = s.trim();
        let postgres = t.starts_with("postgres://")
            || t.starts_with("postgresql://")
            || t.split_whitespace()
                .any(|kv| kv.starts_with("host=") || kv.starts_with("dbname="));
        if postgres {
            Database::Postgres(t.to_owned())
        } else {
            Database::Sqlite(PathBuf::from(s))
        }
    }

    /// Opens the store, making its tables when missing.
    pub fn open(&self) -> StoreResult<Box<dyn HubStore>> {
        Ok(match self {
            Database::Sqlite(path) => Box::new(SqliteHubStore::open(path)?),
            Database::Postgres(url) => Box::new(PgHubStore::open(url)?),
        })
    }

    /// Where the server's own key lives unless told: beside a SQLite file,
    /// else `simpul-server.key` in the working folder.
    pub fn default_key_path(&self) -> PathBuf {
        match self {
            Database::Sqlite(path) => crate::server_key::path_for(path),
            Database::Postgres(_) => PathBuf::from("simpul-server.key"),
        }
    }

    /// The SQLite file, when it is one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Database::Sqlite(p) => Some(p),
            Database::Postgres(_) => None,
        }
    }

    /// A name for logs and messages, without any password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(p) => p.display().to_string(),
            Database::Postgres(url) => match url.parse::<postgres::Config>() {
                Ok(c) => {
                    let host = c
                        .get_hosts()
                        .first()
                        .map(|h| match h {
                            postgres::config::Host::Tcp(h) => h.clone(),
                            #[cfg(unix)]
                            postgres::config::Host::Unix(p) => p.display().to_string(),
                        })
                        .unwrap_or_default();
                    format!(
                        "PostgreSQL {}@{host}/{}",
                        c.get_user().unwrap_or(""),
                        c.get_dbname().unwrap_or("")
                    )
                }
                Err(_) => "PostgreSQL (alamat tidak sah)".into(),
            },
        }
    }
}

impl std::fmt::Display for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::Database;

    #[test]
    fn connection_strings_name_postgres_and_anything_else_a_file() {
        let url = "postgres://simpul:rahasia@db.kominfo.local/simpul";
        let pg = Database::parse(url);
        assert_eq!(pg, Database::Postgres(url.into()));
        assert!(
            !pg.describe().contains("rahasia"),
            "no password in logs: {}",
            pg.describe()
        );
        assert_eq!(pg.describe(), "PostgreSQL simpul@db.kominfo.local/simpul");
        assert!(matches!(
            Database::parse("host=/run/pg port=5433 dbname=simpul user=simpul"),
            Database::Postgres(_)
        ));
        assert_eq!(
            Database::parse("data/simpul-server.db"),
            Database::Sqlite("data/simpul-server.db".into())
        );
    }
}
