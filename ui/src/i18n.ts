// Interface texts: Bahasa Indonesia by default, English as a setting.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

const id = {
  nav: { dashboard: "Dasbor", assets: "Aset", locations: "Lokasi", data: "Impor & Ekspor", settings: "Pengaturan" },
  search: { placeholder: "Cari aset, atau pindai kode…", notFound: "Tidak ada aset dengan kode \"{{code}}\"." },
  common: {
    save: "Simpan", cancel: "Batal", edit: "Ubah", add: "Tambah", back: "Kembali", saving: "Menyimpan…",
    saved: "Tersimpan", loading: "Memuat…", none: "—", all: "Semua", yes: "Ya", no: "Tidak",
  },
  setup: {
    title: "Selamat datang di Simpul",
    intro: "Inventaris aset TIK OPD yang bekerja tanpa jaringan. Siapkan perangkat ini untuk OPD Anda, atau buka data demo untuk mencoba.",
    regency: "Kabupaten", opdCode: "Kode OPD", opdName: "Nama OPD", device: "Nama perangkat ini",
    start: "Mulai", demo: "Buka data demo", demoHint: "Dinas Kesehatan, Kabupaten Contoh — 1.500 aset",
  },
  dashboard: {
    title: "Dasbor", total: "Aset aktif", value: "Nilai perolehan", rooms: "Ruangan", disposed: "Dihapus",
    byCategory: "Menurut kategori", byCondition: "Menurut kondisi", byOpd: "Menurut OPD", byRoom: "Menurut ruangan (12 terbanyak)",
    lastUpdate: "Perubahan terakhir", empty: "Belum ada aset. Tambahkan aset pertama atau impor KIB B.",
  },
  assets: {
    title: "Aset TIK", new: "Aset baru", count: "{{n}} aset", filterCondition: "Kondisi", filterCategory: "Kategori",
    filterRoom: "Ruangan", filterStatus: "Status", notDisposed: "Semua kecuali dihapus", filterOpd: "OPD",
    col: { nama: "Nama / Jenis", register: "Kode · Register", merk: "Merk/Type", tahun: "Tahun", harga: "Harga", room: "Ruangan", holder: "Pemegang", condition: "Kondisi", status: "Status" },
    empty: "Tidak ada aset yang cocok.",
  },
  form: {
    newTitle: "Aset baru", editTitle: "Ubah aset",
    sections: { identity: "Identitas barang (KIB B)", placement: "Penempatan & kondisi", network: "Jaringan & spesifikasi", kib: "Kolom KIB B lainnya" },
    kode_barang: "Kode barang", nama: "Nama / jenis barang", nomor_register: "Nomor register", registerHint: "Kosongkan: nomor berikutnya dipakai",
    merk_type: "Merk / type", tahun: "Tahun pembelian", harga: "Harga (Rp)", asal_usul: "Asal usul / cara perolehan",
    room_id: "Ruangan", holder_name: "Nama pemegang", holder_nip: "NIP pemegang", nipHint: "18 angka, spasi boleh; kosongkan untuk tenaga kontrak",
    condition: "Kondisi", lifecycle: "Status", disposal_reason: "Alasan penghapusan",
    mac: "Alamat MAC", macHint: "Pisahkan dengan koma bila lebih dari satu", hostname: "Nama host", ip: "Alamat IP",
    cpu: "Prosesor", ram: "RAM", storage: "Penyimpanan", os: "Sistem operasi",
    ukuran: "Ukuran / CC", bahan: "Bahan", nomor_pabrik: "Nomor pabrik (serial)", nomor_rangka: "Nomor rangka", nomor_mesin: "Nomor mesin",
    nomor_polisi: "Nomor polisi", nomor_bpkb: "Nomor BPKB", keterangan: "Keterangan", noRoom: "— Tanpa ruangan —",
    fixErrors: "Periksa kolom yang ditandai merah.",
  },
  condition: { B: "Baik", KB: "Kurang Baik", RB: "Rusak Berat" },
  lifecycle: { aktif: "Aktif", dipinjam: "Dipinjam", diperbaiki: "Diperbaiki", dihapus: "Dihapus" },
  detail: {
    history: "Riwayat perubahan", maintenance: "Log pemeliharaan", noMaintenance: "Belum ada catatan pemeliharaan.",
    addMaintenance: "Catat pemeliharaan", kind: "Jenis", date: "Tanggal", technician: "Teknisi", result: "Hasil",
    kinds: { perangkat_keras: "Perangkat keras", perangkat_lunak: "Perangkat lunak", virus_spam: "Virus & spam" },
    actions: { "asset.create": "Aset dicatat", "asset.update": "Aset diubah", "maintenance.add": "Pemeliharaan dicatat", import: "Diimpor dari KIB B", demo: "Data demo" },
    on: "di", fields: "{{count}} kolom", empty: "(kosong)", otherRoom: "ruangan lain",
  },
  locations: { title: "Lokasi", intro: "Gedung, lantai dan ruangan OPD. Kodenya dipakai pada alamat node dan label kabel.", building: "Gedung", floor: "Lantai", code: "Ruangan", name: "Nama ruangan", assets: "Aset", add: "Tambah ruangan", empty: "Belum ada ruangan." },
  data: {
    title: "Impor & Ekspor", importTitle: "Impor KIB B", importText: "Baca berkas .xlsx atau .csv berformat KIB B. Semua baris diperiksa dulu; bila ada satu saja yang salah, tidak ada yang disimpan.",
    choose: "Pilih berkas…", importing: "Mengimpor…", imported: "{{count}} aset diimpor.", rowErrors: "Masalah per baris", row: "Baris",
    exportTitle: "Ekspor KIB B", exportText: "Tulis 16 kolom KIB B dengan kepala OPD ke berkas .xlsx.", exportBtn: "Simpan sebagai…", exported: "{{count}} aset ditulis ke {{path}}.",
  },
  settings: { title: "Pengaturan", language: "Bahasa", profile: "Profil perangkat", replica: "Berkas replika", version: "Versi" },
  sync: {
    title: "Sinkronisasi dengan pusat data", notEnrolled: "Belum terdaftar", syncing: "Menyinkronkan…", offline: "Luring",
    error: "Sinkronisasi ditolak", pending: "{{n}} perubahan belum terkirim", synced: "Tersinkron {{when}}", waiting: "Menunggu sinkronisasi",
    lastSuccess: "Terakhir tersinkron {{when}}", server: "Alamat server", state: "Status", online: "Terhubung", lastSuccessLabel: "Sinkron terakhir",
    pendingLabel: "Perubahan belum terkirim", now: "Sinkronkan sekarang", code: "Kode pendaftaran", enroll: "Daftarkan perangkat",
    enrollIntro: "Minta kode pendaftaran sekali pakai dari Diskominfo, lalu isi alamat server pusat data.",
    ca: "Sertifikat CA Diskominfo (opsional)",
    caNone: "tidak ada — sertifikat publik",
    caPick: "Pilih berkas…",
  },
  bundle: {
    title: "Bundel USB", text: "Tanpa jaringan? Tulis perubahan ke flashdisk dan bawa ke Diskominfo; bundel balasan dari Diskominfo dibaca di sini. Bundel ditandatangani; berkas yang diubah ditolak.",
    export: "Tulis bundel…", import: "Baca bundel…", written: "{{n}} dokumen ditulis ke {{path}}.", read: "Bundel dibaca: {{n}} rekaman diperbarui.",
  },
  conflict: { title: "Perubahan bersamaan", intro: "Dua perangkat mengubah kolom ini tanpa saling tahu. Pilih nilai yang benar; pilihan Anda dikirim ke semua perangkat.", use: "Pakai nilai ini" },
};

const en: typeof id = {
  nav: { dashboard: "Dashboard", assets: "Assets", locations: "Locations", data: "Import & Export", settings: "Settings" },
  search: { placeholder: "Search assets, or scan a code…", notFound: "No asset has the code \"{{code}}\"." },
  common: { save: "Save", cancel: "Cancel", edit: "Edit", add: "Add", back: "Back", saving: "Saving…", saved: "Saved", loading: "Loading…", none: "—", all: "All", yes: "Yes", no: "No" },
  setup: {
    title: "Welcome to Simpul", intro: "The ICT asset inventory of an OPD that works without a network. Set this device up for your OPD, or open the demo data to try it.",
    regency: "Regency", opdCode: "OPD code", opdName: "OPD name", device: "This device's name", start: "Start", demo: "Open demo data", demoHint: "Health Office, Example Regency — 1,500 assets",
  },
  dashboard: { title: "Dashboard", total: "Active assets", value: "Acquisition value", rooms: "Rooms", disposed: "Disposed", byCategory: "By category", byCondition: "By condition", byOpd: "By OPD", byRoom: "By room (top 12)", lastUpdate: "Last change", empty: "No assets yet. Add the first one or import a KIB B." },
  assets: {
    title: "ICT assets", new: "New asset", count: "{{n}} assets", filterCondition: "Condition", filterCategory: "Category", filterRoom: "Room", filterStatus: "Status", notDisposed: "All but disposed", filterOpd: "OPD",
    col: { nama: "Name / kind", register: "Code · Register", merk: "Brand/Type", tahun: "Year", harga: "Price", room: "Room", holder: "Holder", condition: "Condition", status: "Status" },
    empty: "No matching assets.",
  },
  form: {
    newTitle: "New asset", editTitle: "Edit asset",
    sections: { identity: "Item identity (KIB B)", placement: "Placement & condition", network: "Network & specification", kib: "Other KIB B columns" },
    kode_barang: "Item code", nama: "Item name / kind", nomor_register: "Register number", registerHint: "Leave empty for the next number",
    merk_type: "Brand / type", tahun: "Purchase year", harga: "Price (Rp)", asal_usul: "Origin / acquisition",
    room_id: "Room", holder_name: "Holder name", holder_nip: "Holder NIP", nipHint: "18 digits, spaces allowed; empty for contract staff",
    condition: "Condition", lifecycle: "Status", disposal_reason: "Disposal reason",
    mac: "MAC address", macHint: "Separate several with commas", hostname: "Hostname", ip: "IP address",
    cpu: "Processor", ram: "RAM", storage: "Storage", os: "Operating system",
    ukuran: "Size / CC", bahan: "Material", nomor_pabrik: "Serial number", nomor_rangka: "Frame number", nomor_mesin: "Engine number",
    nomor_polisi: "Plate number", nomor_bpkb: "BPKB number", keterangan: "Remarks", noRoom: "— No room —", fixErrors: "Check the fields marked in red.",
  },
  condition: { B: "Good", KB: "Fair", RB: "Badly damaged" },
  lifecycle: { aktif: "Active", dipinjam: "On loan", diperbaiki: "Under repair", dihapus: "Disposed" },
  detail: {
    history: "Change history", maintenance: "Maintenance log", noMaintenance: "No maintenance recorded yet.", addMaintenance: "Record maintenance",
    kind: "Kind", date: "Date", technician: "Technician", result: "Result",
    kinds: { perangkat_keras: "Hardware", perangkat_lunak: "Software", virus_spam: "Virus & spam" },
    actions: { "asset.create": "Asset recorded", "asset.update": "Asset changed", "maintenance.add": "Maintenance recorded", import: "Imported from KIB B", demo: "Demo data" },
    on: "on", fields: "{{count}} fields", empty: "(empty)", otherRoom: "another room",
  },
  locations: { title: "Locations", intro: "The OPD's buildings, floors and rooms. Their codes are used in node addresses and cable labels.", building: "Building", floor: "Floor", code: "Room", name: "Room name", assets: "Assets", add: "Add room", empty: "No rooms yet." },
  data: {
    title: "Import & Export", importTitle: "Import KIB B", importText: "Read a KIB B .xlsx or .csv file. Every row is checked first; if any row is wrong, nothing is stored.",
    choose: "Choose file…", importing: "Importing…", imported: "{{count}} assets imported.", rowErrors: "Problems by row", row: "Row",
    exportTitle: "Export KIB B", exportText: "Write the 16 KIB B columns with the OPD header to an .xlsx file.", exportBtn: "Save as…", exported: "{{count}} assets written to {{path}}.",
  },
  settings: { title: "Settings", language: "Language", profile: "Device profile", replica: "Replica file", version: "Version" },
  sync: {
    title: "Sync with the data center", notEnrolled: "Not enrolled", syncing: "Syncing…", offline: "Offline",
    error: "Sync refused", pending: "{{n}} changes not sent", synced: "Synced {{when}}", waiting: "Waiting to sync",
    lastSuccess: "Last synced {{when}}", server: "Server address", state: "State", online: "Connected", lastSuccessLabel: "Last sync",
    pendingLabel: "Changes not sent", now: "Sync now", code: "Enrollment code", enroll: "Enroll this device",
    enrollIntro: "Ask Diskominfo for a one-time enrollment code, then enter the data center's server address.",
    ca: "Diskominfo CA certificate (optional)",
    caNone: "none — public certificate",
    caPick: "Choose file…",
  },
  bundle: {
    title: "USB bundles", text: "No link? Write the changes to a USB stick and take it to Diskominfo; read Diskominfo's reply bundle here. Bundles are signed; an altered file is refused.",
    export: "Write bundle…", import: "Read bundle…", written: "{{n}} documents written to {{path}}.", read: "Bundle read: {{n}} records updated.",
  },
  conflict: { title: "Concurrent changes", intro: "Two devices changed this field without seeing each other's change. Pick the right value; your choice goes to every device.", use: "Use this value" },
};

i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: "id",
  fallbackLng: "id",
  interpolation: { escapeValue: false },
});

export default i18n;
