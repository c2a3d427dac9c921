//! A realistic, seeded demo inventory: rooms of an OPD office and assets
//! with varied brands, holders (with valid NIPs), rooms, conditions, years
//! and prices. Used by the app's "open demo data", by tests and by the
//! benchmark; the same seed always gives the same data.

use crate::asset::AssetInput;
use crate::location::RoomInput;

const ROOMS: &[(&str, &str, &str, &str)] = &[
    ("G1", "L1", "R01", "Ruang Pelayanan"),
    ("G1", "L1", "R02", "Ruang Tata Usaha"),
    ("G1", "L1", "R03", "Ruang Arsip"),
    ("G1", "L2", "R04", "Ruang Kepala Dinas"),
    ("G1", "L2", "R05", "Ruang Sekretaris"),
    ("G1", "L2", "R06", "Ruang Rapat"),
    ("G1", "L2", "R07", "Ruang Server"),
    ("G1", "L2", "R08", "Bidang Program"),
    ("G2", "L1", "R01", "Bidang Pelayanan Kesehatan"),
    ("G2", "L1", "R02", "Bidang Pencegahan Penyakit"),
    ("G2", "L1", "R03", "Gudang"),
    ("G2", "L2", "R04", "Bidang Sumber Daya"),
];

/// One kind of demo item: (kode barang, name, brands/types, price range in
/// millions of rupiah, how common it is).
type Kind = (
    &'static str,
    &'static str,
    &'static [&'static str],
    (i64, i64),
    u32,
);

const KINDS: &[Kind] = &[
    (
        "1.3.2.10.01.02.001",
        "P.C Unit",
        &[
            "Lenovo ThinkCentre M70",
            "HP ProDesk 400 G7",
            "Dell OptiPlex 3080",
            "Acer Veriton M200",
            "Asus ExpertCenter D5",
        ],
        (7, 14),
        30,
    ),
    (
        "1.3.2.10.01.02.002",
        "Laptop",
        &[
            "Lenovo ThinkPad E14",
            "HP ProBook 440 G8",
            "Asus VivoBook 14",
            "Acer Aspire 5",
            "Dell Latitude 3420",
            "Axioo MyBook 14",
        ],
        (8, 18),
        25,
    ),
    (
        "1.3.2.10.01.02.003",
        "Notebook",
        &[
            "Asus ExpertBook B1",
            "Acer TravelMate P2",
            "Lenovo IdeaPad Slim 3",
        ],
        (7, 13),
        6,
    ),
    (
        "1.3.2.10.02.03.003",
        "Printer",
        &[
            "Epson L3210",
            "Canon PIXMA G2020",
            "HP LaserJet M211",
            "Brother HL-L2360D",
            "Epson L121",
        ],
        (2, 5),
        16,
    ),
    (
        "1.3.2.10.02.03.004",
        "Scanner",
        &["Canon LiDE 300", "Epson DS-530 II", "Fujitsu fi-7160"],
        (2, 12),
        4,
    ),
    (
        "1.3.2.10.02.03.002",
        "Monitor",
        &[
            "LG 22MK430H",
            "Samsung S24R350",
            "Dell E2222H",
            "AOC 22B2HN",
        ],
        (1, 3),
        8,
    ),
    (
        "1.3.2.10.02.04.001",
        "Server",
        &[
            "Dell PowerEdge R250",
            "HP ProLiant ML30 Gen10",
            "Lenovo ThinkSystem ST50",
        ],
        (25, 70),
        1,
    ),
    (
        "1.3.2.10.02.04.024",
        "Switch",
        &[
            "TP-Link TL-SG1024D",
            "Cisco CBS250-24T",
            "MikroTik CRS326",
            "D-Link DGS-1024C",
        ],
        (2, 9),
        3,
    ),
    (
        "1.3.2.10.02.04.002",
        "Router",
        &["MikroTik RB4011", "MikroTik hEX RB750Gr3", "Cisco ISR 1111"],
        (1, 15),
        1,
    ),
    (
        "1.3.2.10.02.04.023",
        "Wireless Access Point",
        &[
            "Ubiquiti UniFi U6 Lite",
            "TP-Link EAP225",
            "Ruijie RG-AP820",
        ],
        (1, 4),
        3,
    ),
    (
        "1.3.2.10.01.02.009",
        "Tablet PC",
        &["Samsung Galaxy Tab A8", "Lenovo Tab M10"],
        (3, 6),
        2,
    ),
];

const FIRST: &[&str] = &[
    "Siti", "Budi", "Ahmad", "Dewi", "Rina", "Agus", "Sri", "Andi", "Nur", "Yusuf", "Fitri",
    "Hendra", "Wahyu", "Ratna", "Rizky", "Indah", "Bambang", "Lestari", "Muhammad", "Fajar",
    "Putri", "Joko", "Ayu", "Taufik",
];
const LAST: &[&str] = &[
    "Aminah",
    "Santoso",
    "Hidayat",
    "Lestari",
    "Wijaya",
    "Saputra",
    "Rahmawati",
    "Pratama",
    "Susanti",
    "Nugroho",
    "Kurniawan",
    "Hasanah",
    "Siregar",
    "Harahap",
    "Setiawan",
    "Marpaung",
    "Syahputra",
    "Wulandari",
    "Gunawan",
    "Simanjuntak",
];
const ORIGIN: &[&str] = &[
    "Pembelian",
    "Pembelian",
    "Pembelian",
    "Hibah",
    "Pembelian (DAK)",
    "Transfer antar OPD",
];
const OS: &[&str] = &[
    "Windows 10 Pro",
    "Windows 11 Pro",
    "Ubuntu 22.04 LTS",
    "Windows 11 Home",
];
const CPU: &[&str] = &[
    "Intel Core i3-1115G4",
    "Intel Core i5-1135G7",
    "Intel Core i5-10400",
    "AMD Ryzen 5 5500U",
    "Intel Core i7-1165G7",
    "Intel Celeron N4020",
];

/// The demo rooms.
pub fn rooms() -> Vec<RoomInput> {
    ROOMS
        .iter()
        .map(|(b, f, c, n)| RoomInput {
            id: String::new(),
            building: (*b).into(),
            floor: (*f).into(),
            code: (*c).into(),
            name: (*n).into(),
            ..RoomInput::default()
        })
        .collect()
}

/// A valid NIP for a holder.
fn nip(rng: &mut fastrand::Rng) -> String {
    let by = rng.i32(1965..=1996);
    let bm = rng.u32(1..=12);
    let bd = rng.u32(1..=28);
    let ay = by + rng.i32(22..=30);
    let am = rng.u32(1..=12);
    format!(
        "{by}{bm:02}{bd:02} {ay}{am:02} {} {:03}",
        rng.u8(1..=2),
        rng.u32(1..=999)
    )
}

/// `n` demo assets; `room_ids` are the ids of the rooms they go into.
pub fn assets(n: usize, seed: u64, room_ids: &[String], current_year: i32) -> Vec<AssetInput> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let total_weight: u32 = KINDS.iter().map(|k| k.4).sum();
    let holders: Vec<(String, String)> = (0..(n / 3).clamp(8, 5000))
        .map(|_| {
            let name = format!(
                "{} {}",
                FIRST[rng.usize(..FIRST.len())],
                LAST[rng.usize(..LAST.len())]
            );
            let nip = if rng.u8(..10) < 8 {
                nip(&mut rng)
            } else {
                String::new()
            };
            (name, nip)
        })
        .collect();
    (0..n)
        .map(|i| {
            let mut pick = rng.u32(..total_weight);
            let kind = KINDS
                .iter()
                .find(|k| {
                    if pick < k.4 {
                        true
                    } else {
                        pick -= k.4;
                        false
                    }
                })
                .unwrap_or(&KINDS[0]);
            let (kode, name, brands, (lo, hi), _) = *kind;
            let brand = brands[rng.usize(..brands.len())];
            let year = rng.i32((current_year - 12)..=current_year);
            let computer = kode.starts_with("1.3.2.10.01") || kode.ends_with("04.001");
            let networked = computer || kode.contains(".02.04.");
            let (holder, holder_nip) = if computer {
                holders[rng.usize(..holders.len())].clone()
            } else {
                (String::new(), String::new())
            };
            let age = current_year - year;
            let condition = match rng.u8(..100) {
                r if r < 70 - age.min(10) as u8 * 3 => "B",
                r if r < 92 => "KB",
                _ => "RB",
            };
            let prefix: String = name
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(3)
                .collect::<String>()
                .to_uppercase();
            AssetInput {
                kode_barang: kode.into(),
                nama: name.into(),
                merk_type: brand.into(),
                tahun: year.to_string(),
                nomor_pabrik: format!(
                    "{prefix}{:02}{}{:05}",
                    year % 100,
                    (b'A' + rng.u8(..26)) as char,
                    i
                ),
                asal_usul: ORIGIN[rng.usize(..ORIGIN.len())].into(),
                harga: (rng.i64(lo..=hi) * 1_000_000 + rng.i64(0..10) * 50_000).to_string(),
                room_id: room_ids
                    .get(rng.usize(..room_ids.len().max(1)))
                    .cloned()
                    .unwrap_or_default(),
                holder_name: holder,
                holder_nip,
                condition: condition.into(),
                mac: if networked {
                    let b: Vec<String> = (0..5).map(|_| format!("{:02X}", rng.u8(..))).collect();
                    format!("3C:{}", b.join(":"))
                } else {
                    String::new()
                },
                hostname: if computer {
                    format!("opd-{}-{:05}", prefix.to_lowercase(), i)
                } else {
                    String::new()
                },
                ip: if networked {
                    format!(
                        "10.{}.{}.{}",
                        20 + (i / 62_500) % 200,
                        (i / 250) % 250,
                        2 + i % 250
                    )
                } else {
                    String::new()
                },
                cpu: if computer {
                    CPU[rng.usize(..CPU.len())].into()
                } else {
                    String::new()
                },
                ram: if computer {
                    format!("{} GB", [4, 8, 8, 16, 32][rng.usize(..5)])
                } else {
                    String::new()
                },
                storage: if computer {
                    ["SSD 256 GB", "SSD 512 GB", "HDD 1 TB", "SSD 1 TB"][rng.usize(..4)].into()
                } else {
                    String::new()
                },
                os: if computer {
                    OS[rng.usize(..OS.len())].into()
                } else {
                    String::new()
                },
                lifecycle: if rng.u8(..100) < 3 {
                    "diperbaiki".into()
                } else {
                    "aktif".into()
                },
                ..Default::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::Asset;

    #[test]
    fn demo_assets_are_all_valid_and_deterministic() {
        let rooms: Vec<String> = (0..12).map(|i| format!("room-{i}")).collect();
        let a = assets(2000, 7, &rooms, 2026);
        assert_eq!(a, assets(2000, 7, &rooms, 2026));
        for (i, input) in a.iter().enumerate() {
            if let Err(e) = input.apply_to(&Asset::default(), 2026) {
                panic!("demo asset {i} invalid: {e:?} {input:?}");
            }
        }
        let brands: std::collections::HashSet<&str> =
            a.iter().map(|x| x.merk_type.as_str()).collect();
        assert!(brands.len() > 20);
        for r in super::rooms() {
            assert!(r.apply_to(&crate::location::Room::default()).is_ok());
        }
    }
}
