//! The people of a device and signing in. Each person has their own
//! signing key, certified by the device key and kept only encrypted under
//! a key derived from their PIN (Argon2id, then ChaCha20-Poly1305); the
//! PIN itself is kept only as an Argon2id hash. While a person is signed
//! in, every change the replica writes is signed with their key; with no
//! one signed in (the command line), with the device's. The rules for
//! names, NIPs, PINs and roles are `simpul_core::person`.

use crate::error::StoreError;
use crate::replica::Replica;
use crate::signing::{self, new_key, random};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chacha20poly1305::aead::Aead;
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Nonce};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use simpul_core::person::{Person, PersonInput, Role, PIN_LOCK_MS, PIN_TRIES};
use simpul_core::{FieldError, ValidationErrors};
use simpul_sync::certificate::{PersonCertificate, PersonClaim};
use simpul_sync::signature::KeyPair;
use specta::Type;
use zeroize::Zeroizing;

/// Where the idle lock's minutes are kept, in the replica's `meta`.
const IDLE_LOCK: &str = "idle_lock_minutes";
const IDLE_LOCK_DEFAULT: u32 = 10;

/// A person as lists show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PersonView {
    pub name: String,
    pub nip: String,
    pub role: Role,
    /// The role's label.
    pub role_label: String,
    /// Whether sign-in is locked now (too many wrong PINs).
    pub locked: bool,
}

/// The person signed in, with their decrypted key (memory only).
#[derive(Clone)]
pub(crate) struct SignedIn {
    pub person: Person,
    pub key: KeyPair,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SignedIn({})", self.person.nip)
    }
}

/// The key that seals a person's signing key, from their PIN.
fn sealing_key(pin: &str, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, StoreError> {
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::default()
        .hash_password_into(pin.as_bytes(), salt, out.as_mut())
        .map_err(|e| StoreError::Crypto(e.to_string()))?;
    Ok(out)
}

fn pin_hash(pin: &str) -> Result<String, StoreError> {
    let salt =
        SaltString::encode_b64(&random::<16>()?).map_err(|e| StoreError::Crypto(e.to_string()))?;
    Ok(Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| StoreError::Crypto(e.to_string()))?
        .to_string())
}

fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

/// A new signing key, sealed, with its certificate and the PIN's hash.
struct SealedKey {
    pin_hash: String,
    salt: [u8; 16],
    nonce: [u8; 12],
    sealed: Vec<u8>,
    cert: PersonCertificate,
}

/// A person as lists read them.
pub(crate) struct Listed {
    pub name: String,
    pub nip: String,
    pub role: String,
    pub staff_role: String,
    pub locked: bool,
}

/// A person's stored row.
struct Row {
    person: Person,
    pin_hash: String,
    salt: Vec<u8>,
    nonce: Vec<u8>,
    sealed: Vec<u8>,
    failed: u32,
    locked_until_ms: i64,
}

fn nip_field(nip: &str) -> Result<String, StoreError> {
    Ok(simpul_core::Nip::parse("nip", nip)
        .map_err(|e| ValidationErrors(vec![e]))?
        .digits()
        .to_owned())
}

impl Replica {
    /// The device's people, by name.
    pub fn people(&self) -> Result<Vec<PersonView>, StoreError> {
        Ok(self
            .listed("1")?
            .into_iter()
            .map(|l| {
                let role = Role::from_key(&l.role).unwrap_or(Role::PengurusBarang);
                PersonView {
                    name: l.name,
                    nip: l.nip,
                    role,
                    role_label: role.label().to_owned(),
                    locked: l.locked,
                }
            })
            .collect())
    }

    /// The people `filter` (an SQL condition on `person`) keeps, by name.
    pub(crate) fn listed(&self, filter: &str) -> Result<Vec<Listed>, StoreError> {
        let now = self.now_ms();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT name, nip, role, staff_role, locked_until_ms FROM person
             WHERE {filter} ORDER BY name COLLATE NOCASE, nip"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(Listed {
                name: r.get(0)?,
                nip: r.get(1)?,
                role: r.get(2)?,
                staff_role: r.get(3)?,
                locked: r.get::<_, i64>(4)? > now,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether the device has people (then the app asks who is working).
    pub fn has_people(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM person)", [], |r| r.get(0))?)
    }

    /// The person signed in, if any.
    pub fn signed_in(&self) -> Option<&Person> {
        self.signer.as_ref().map(|s| &s.person)
    }

    /// Adds a person: their key is made, certified by the device key and
    /// sealed under their PIN. The first person must be one who manages
    /// people; later ones are added by such a person (or by the device
    /// itself, on the command line).
    pub fn add_person(&mut self, input: &PersonInput) -> Result<PersonView, StoreError> {
        let (person, pin) = input.validate()?;
        let first = !self.has_people()?;
        if first && !person.role.manages_people() {
            return Err(ValidationErrors(vec![FieldError::new(
                "role",
                "role.first",
                "Orang pertama di perangkat ini harus Admin OPD atau Diskominfo: dialah yang menambah orang lain.",
            )])
            .into());
        }
        self.require_manager()?;
        self.insert_person(&person, &pin, "")
    }

    /// Stores a new person with a key sealed under `secret` (a PIN, or a
    /// console password) and, for a console account, its role key.
    pub(crate) fn insert_person(
        &mut self,
        person: &Person,
        secret: &str,
        staff_role: &str,
    ) -> Result<PersonView, StoreError> {
        let taken: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM person WHERE nip = ?1)",
            params![person.nip],
            |r| r.get(0),
        )?;
        if taken {
            return Err(ValidationErrors(vec![FieldError::new(
                "nip",
                "nip.taken",
                "NIP ini sudah terdaftar di perangkat ini.",
            )])
            .into());
        }
        let k = self.seal_new_key(person, secret)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO person (nip, name, role, pin_hash, key_salt, key_nonce, key_sealed, public_key, created_ms, staff_role)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                person.nip,
                person.name,
                person.role.key(),
                k.pin_hash,
                &k.salt[..],
                &k.nonce[..],
                k.sealed,
                &k.cert.claim.person_key[..],
                k.cert.claim.issued_ms,
                staff_role,
            ],
        )?;
        signing::put_certificate(&tx, &k.cert)?;
        tx.commit()?;
        Ok(PersonView {
            role_label: person.role.label().to_owned(),
            name: person.name.clone(),
            nip: person.nip.clone(),
            role: person.role,
            locked: false,
        })
    }

    /// Refuses when the person signed in does not manage people (with no
    /// one signed in, the device itself acts: the command line).
    fn require_manager(&self) -> Result<(), StoreError> {
        match &self.signer {
            Some(s) if !s.person.role.manages_people() => Err(StoreError::Forbidden(
                "Hanya Admin OPD atau Diskominfo yang dapat mengatur orang.".into(),
            )),
            _ => Ok(()),
        }
    }

    /// A new signing key for `person`, sealed under `pin` and certified by
    /// the device key, with the PIN's hash.
    fn seal_new_key(&self, person: &Person, pin: &str) -> Result<SealedKey, StoreError> {
        let device = self.device_key()?;
        let key = new_key()?;
        let salt = random::<16>()?;
        let nonce = random::<12>()?;
        let seed = Zeroizing::new(key.seed());
        let sealed = ChaCha20Poly1305::new(sealing_key(pin, &salt)?.as_ref().into())
            .encrypt(Nonce::from_slice(&nonce), seed.as_ref())
            .map_err(|e| StoreError::Crypto(e.to_string()))?;
        let cert = PersonCertificate::issue(
            &device,
            PersonClaim {
                person_key: key.public_bytes(),
                name: person.name.clone(),
                nip: person.nip.clone(),
                role: person.role.key(),
                device_actor: self.profile()?.actor.clone(),
                device_key: device.public_bytes(),
                issued_ms: self.now_ms(),
            },
        );
        Ok(SealedKey {
            pin_hash: pin_hash(pin)?,
            salt,
            nonce,
            sealed,
            cert,
        })
    }

    /// Gives a person a new PIN (they forgot theirs, or it leaked): a new
    /// key, sealed under it and certified anew; the lock is lifted. Their
    /// earlier changes keep the signatures and certificate they had.
    pub fn reset_pin(&mut self, nip: &str, pin: &str, pin_again: &str) -> Result<(), StoreError> {
        self.require_manager()?;
        let row = self.person_row(&nip_field(nip)?)?;
        simpul_core::person::check_pin("pin", pin).map_err(|e| ValidationErrors(vec![e]))?;
        if pin != pin_again {
            return Err(ValidationErrors(vec![FieldError::new(
                "pin_again",
                "pin.mismatch",
                "PIN yang diketik ulang tidak sama.",
            )])
            .into());
        }
        let k = self.seal_new_key(&row.person, pin)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE person SET pin_hash = ?2, key_salt = ?3, key_nonce = ?4, key_sealed = ?5,
                    public_key = ?6, failed_tries = 0, locked_until_ms = 0
             WHERE nip = ?1",
            params![
                row.person.nip,
                k.pin_hash,
                &k.salt[..],
                &k.nonce[..],
                k.sealed,
                &k.cert.claim.person_key[..],
            ],
        )?;
        signing::put_certificate(&tx, &k.cert)?;
        tx.commit()?;
        if self.signed_in().is_some_and(|p| p.nip == row.person.nip) {
            self.signer = None;
        }
        Ok(())
    }

    /// Removes a person from the device: they can no longer sign in. Their
    /// changes keep their signatures and certificate. Nobody removes
    /// themselves, and the last person who manages people stays.
    pub fn remove_person(&mut self, nip: &str) -> Result<(), StoreError> {
        self.require_manager()?;
        let row = self.person_row(&nip_field(nip)?)?;
        if self.signed_in().is_some_and(|p| p.nip == row.person.nip) {
            return Err(StoreError::Forbidden(
                "Anda tidak dapat menghapus diri sendiri; minta admin lain.".into(),
            ));
        }
        let managers = self
            .people()?
            .into_iter()
            .filter(|p| p.role.manages_people() && p.nip != row.person.nip)
            .count();
        let others = self.people()?.len() > 1;
        if row.person.role.manages_people() && managers == 0 && others {
            return Err(StoreError::Forbidden(
                "Ini admin terakhir di perangkat ini; tambahkan admin lain dulu.".into(),
            ));
        }
        self.conn
            .execute("DELETE FROM person WHERE nip = ?1", params![row.person.nip])?;
        Ok(())
    }

    fn person_row(&self, nip: &str) -> Result<Row, StoreError> {
        self.conn
            .query_row(
                "SELECT name, nip, role, pin_hash, key_salt, key_nonce, key_sealed, failed_tries, locked_until_ms
                 FROM person WHERE nip = ?1",
                params![nip],
                |r| {
                    Ok(Row {
                        person: Person {
                            name: r.get(0)?,
                            nip: r.get(1)?,
                            role: Role::from_key(&r.get::<_, String>(2)?)
                                .unwrap_or(Role::PengurusBarang),
                        },
                        pin_hash: r.get(3)?,
                        salt: r.get(4)?,
                        nonce: r.get(5)?,
                        sealed: r.get(6)?,
                        failed: r.get(7)?,
                        locked_until_ms: r.get(8)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound("orang"))
    }

    /// Signs a person in with their PIN. [`PIN_TRIES`] wrong PINs in a row
    /// lock sign-in for [`PIN_LOCK_MS`]; the count survives restarts.
    pub fn sign_in(&mut self, nip: &str, pin: &str) -> Result<Person, StoreError> {
        let signed = self.unseal(&nip_field(nip)?, pin)?;
        let person = signed.person.clone();
        self.signer = Some(signed);
        Ok(person)
    }

    /// Checks `secret` against the person's stored hash (counting wrong
    /// ones towards the lock) and opens their signing key.
    pub(crate) fn unseal(&mut self, nip: &str, secret: &str) -> Result<SignedIn, StoreError> {
        let row = self.person_row(nip)?;
        let now = self.now_ms();
        if row.locked_until_ms > now {
            let minutes = (row.locked_until_ms - now + 59_999) / 60_000;
            return Err(StoreError::PinLocked { minutes });
        }
        if !pin_matches(secret, &row.pin_hash) {
            let failed = row.failed + 1;
            let (failed, locked_until) = if failed >= PIN_TRIES {
                (0, now + PIN_LOCK_MS)
            } else {
                (failed, 0)
            };
            self.conn.execute(
                "UPDATE person SET failed_tries = ?1, locked_until_ms = ?2 WHERE nip = ?3",
                params![failed, locked_until, nip],
            )?;
            if locked_until > 0 {
                return Err(StoreError::PinLocked {
                    minutes: PIN_LOCK_MS / 60_000,
                });
            }
            return Err(StoreError::WrongPin {
                left: PIN_TRIES - failed,
            });
        }
        let seed = ChaCha20Poly1305::new(sealing_key(secret, &row.salt)?.as_ref().into())
            .decrypt(Nonce::from_slice(&row.nonce), row.sealed.as_slice())
            .map_err(|_| StoreError::BadKey)?;
        let seed: Zeroizing<[u8; 32]> =
            Zeroizing::new(seed.as_slice().try_into().map_err(|_| StoreError::BadKey)?);
        self.conn.execute(
            "UPDATE person SET failed_tries = 0, locked_until_ms = 0 WHERE nip = ?1",
            params![nip],
        )?;
        Ok(SignedIn {
            person: row.person,
            key: KeyPair::from_seed(*seed),
        })
    }

    /// Signs the person out: their key is dropped from memory.
    pub fn sign_out(&mut self) {
        self.signer = None;
    }

    /// Makes every write need a person signed in once the device has
    /// people (the desktop app); without it, a write with no one signed in
    /// is the device's own (the command line).
    pub fn require_person(&mut self, required: bool) {
        self.person_required = required;
    }

    /// Refuses a write that needs a person when none is signed in.
    pub(crate) fn check_signer(&self) -> Result<(), StoreError> {
        if self.person_required && self.signer.is_none() && self.has_people()? {
            return Err(StoreError::SignInRequired);
        }
        Ok(())
    }

    /// Minutes without input before the app locks (0: never).
    pub fn idle_lock_minutes(&self) -> Result<u32, StoreError> {
        Ok(self
            .meta(IDLE_LOCK)?
            .and_then(|m| m.parse().ok())
            .unwrap_or(IDLE_LOCK_DEFAULT))
    }

    pub fn set_idle_lock_minutes(&mut self, minutes: u32) -> Result<(), StoreError> {
        if minutes > 240 {
            return Err(ValidationErrors(vec![FieldError::new(
                "idle_lock_minutes",
                "idle_lock.range",
                "Kunci otomatis paling lama 240 menit (0: tidak pernah).",
            )])
            .into());
        }
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![IDLE_LOCK, minutes.to_string()],
        )?;
        Ok(())
    }

    fn now_ms(&self) -> i64 {
        self.clock().now().timestamp_millis()
    }
}
