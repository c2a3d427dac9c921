//! Console accounts on the data center's replica: added with a password,
//! signed in (wrong passwords lock the account as wrong PINs do), and each
//! request's writes signed by the person it acts as.

use simpul_core::checks::RecordKind;
use simpul_core::person::{PersonInput, Role};
use simpul_core::staff::{StaffInput, StaffRole};
use simpul_core::RoomInput;
use simpul_store::StoreError;

mod common;

const ADMIN: &str = "198001012005011001";
const VIEWER: &str = "199202022019022002";
const DESKTOP: &str = "198503122010012004";

fn account(name: &str, nip: &str, role: StaffRole, password: &str) -> StaffInput {
    StaffInput {
        name: name.into(),
        nip: nip.into(),
        role,
        password: password.into(),
        password_again: password.into(),
    }
}

fn room(code: &str) -> RoomInput {
    RoomInput {
        building: "G1".into(),
        floor: "L1".into(),
        code: code.into(),
        name: "Ruang Server".into(),
        ..Default::default()
    }
}

#[test]
fn a_console_request_writes_as_its_person_and_no_one_after_it() {
    let dir = tempfile::tempdir().expect("dir");
    let mut k = common::diskominfo(&dir, "konsol");
    k.require_person(true);
    k.add_staff(&account(
        "Budi Santoso",
        ADMIN,
        StaffRole::Admin,
        "gerbang data 2026",
    ))
    .expect("first admin, from the command line");
    k.add_person(&PersonInput {
        name: "Siti Rahma".into(),
        nip: DESKTOP.into(),
        role: Role::Diskominfo,
        pin: "284615".into(),
        pin_again: "284615".into(),
    })
    .expect("a desktop person");

    let (role, admin) = k
        .staff_sign_in(ADMIN, "gerbang data 2026")
        .expect("sign in");
    assert_eq!(role, StaffRole::Admin);
    k.act_as(Some(&admin));
    let saved = k.save_room(&room("R01")).expect("room as Budi");
    k.add_staff(&account(
        "Rina Wulandari",
        VIEWER,
        StaffRole::Viewer,
        "hanya membaca 9",
    ))
    .expect("an admin adds a viewer");
    k.act_as(None);
    let history = k
        .record_history(RecordKind::Room, &saved.id)
        .expect("history");
    assert_eq!(
        history[0].person.as_ref().map(|p| p.nip.as_str()),
        Some(ADMIN)
    );
    assert!(
        matches!(k.save_room(&room("R02")), Err(StoreError::SignInRequired)),
        "nobody acts once the request is over"
    );

    let (role, viewer) = k.staff_sign_in(VIEWER, "hanya membaca 9").expect("viewer");
    assert_eq!(role, StaffRole::Viewer);
    k.act_as(Some(&viewer));
    assert!(matches!(
        k.add_staff(&account(
            "Andi Saputra",
            "199303032020031003",
            StaffRole::Admin,
            "naik pangkat 12"
        )),
        Err(StoreError::Forbidden(_))
    ));
    k.act_as(None);

    assert!(
        matches!(
            k.staff_sign_in(DESKTOP, "284615"),
            Err(StoreError::NotFound(_))
        ),
        "a desktop person is no console account"
    );
    let staff = k.staff().expect("staff");
    let roles: Vec<_> = staff.iter().map(|s| (s.nip.as_str(), s.role)).collect();
    assert_eq!(
        roles,
        [(ADMIN, StaffRole::Admin), (VIEWER, StaffRole::Viewer)]
    );
}

#[test]
fn five_wrong_passwords_lock_the_account_even_against_the_right_one() {
    let dir = tempfile::tempdir().expect("dir");
    let mut k = common::diskominfo(&dir, "konsol");
    k.add_staff(&account(
        "Budi Santoso",
        ADMIN,
        StaffRole::Admin,
        "gerbang data 2026",
    ))
    .expect("admin");
    for left in (1..5).rev() {
        assert!(matches!(
            k.staff_sign_in(ADMIN, "tebakan salah 1"),
            Err(StoreError::WrongPin { left: l }) if l == left
        ));
    }
    assert!(matches!(
        k.staff_sign_in(ADMIN, "tebakan salah 1"),
        Err(StoreError::PinLocked { .. })
    ));
    assert!(matches!(
        k.staff_sign_in(ADMIN, "gerbang data 2026"),
        Err(StoreError::PinLocked { .. })
    ));
    assert!(k.staff().expect("staff")[0].locked);
}
