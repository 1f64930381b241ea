"""Texts generated from distinct topics (for the themes tests and the bench): each text joins a
topic's opening, subject and closing fragments chosen by a seeded generator."""

from __future__ import annotations

import random
from collections.abc import Sequence

TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "antrean": (
        (
            "Antrean di loket",
            "Warga yang antre di loket",
            "Ruang tunggu pelayanan",
            "Loket pendaftaran",
        ),
        (
            "penuh sejak pagi",
            "menunggu nomor panggilan berjam-jam",
            "hanya dilayani satu petugas",
            "mengular sampai ke halaman kantor",
        ),
        (
            "sehingga antrean harus diatur ulang.",
            "dan nomor antrean habis sebelum siang.",
            "karena loket kedua tutup.",
            "padahal jam pelayanan sudah dimulai.",
        ),
    ),
    "integritas": (
        (
            "Seorang pegawai",
            "Rekan di bagian pengadaan",
            "Pejabat pembuat komitmen",
            "Petugas perizinan",
        ),
        (
            "menolak amplop dari rekanan",
            "melaporkan tawaran suap",
            "mengembalikan hadiah dari vendor",
            "menolak gratifikasi dari pemohon izin",
        ),
        (
            "demi menjaga integritas.",
            "kepada inspektorat.",
            "karena itu termasuk korupsi.",
            "sesuai aturan antikorupsi.",
        ),
    ),
    "tim": (
        ("Tim kami", "Para staf bidang", "Kelompok kerja lintas seksi", "Rekan satu unit"),
        (
            "bergotong royong menyusun laporan",
            "bekerja sama membagi tugas",
            "saling membantu menyiapkan acara",
            "berkolaborasi menyelesaikan dokumen",
        ),
        (
            "bersama-sama sampai malam.",
            "dengan pembagian peran yang jelas.",
            "tanpa memandang jabatan.",
            "secara kompak dan saling mendukung.",
        ),
    ),
    "digital": (
        (
            "Aplikasi layanan daring",
            "Sistem informasi kepegawaian",
            "Situs web pemerintah daerah",
            "Aplikasi absensi",
        ),
        (
            "diperbarui ke versi baru",
            "sedang dimigrasikan ke server baru",
            "menambah fitur unggah berkas",
            "terhubung dengan basis data kependudukan",
        ),
        (
            "agar data tersimpan di awan.",
            "supaya formulir bisa diisi lewat ponsel.",
            "dengan tanda tangan elektronik.",
            "menggunakan akun surel dinas.",
        ),
    ),
    "anggaran": (
        (
            "Bagian keuangan",
            "Bendahara dinas",
            "Tim perencanaan anggaran",
            "Pejabat pengelola keuangan",
        ),
        (
            "merevisi rencana anggaran tahunan",
            "menghitung ulang pagu belanja modal",
            "menyusun laporan realisasi anggaran",
            "memeriksa kuitansi perjalanan dinas",
        ),
        (
            "sebelum akhir triwulan.",
            "agar serapan anggaran tercapai.",
            "untuk diperiksa auditor BPK.",
            "sesuai dokumen pelaksanaan anggaran.",
        ),
    ),
    "kesehatan": (
        (
            "Puskesmas kecamatan",
            "Petugas posyandu",
            "Bidan desa",
            "Dinas kesehatan",
        ),
        (
            "memberikan imunisasi kepada balita",
            "memeriksa tekanan darah para lansia",
            "membagikan vitamin untuk ibu hamil",
            "mendata anak yang mengalami stunting",
        ),
        (
            "setiap bulan di balai desa.",
            "bersama kader kesehatan.",
            "untuk mencegah penyakit menular.",
            "dengan mengikuti jadwal posyandu.",
        ),
    ),
}


def planted_texts(
    per_topic: int | Sequence[int], seed: int = 11, topics: int = 4
) -> tuple[list[str], list[int]]:
    """Texts from the first ``topics`` topics, ``per_topic`` each (or ``per_topic[i]`` from
    topic ``i``), shuffled; returns the texts and their topic index."""
    rng = random.Random(seed)
    sizes = [per_topic] * topics if isinstance(per_topic, int) else list(per_topic)
    items: list[tuple[str, int]] = []
    for index, (openings, middles, closings) in enumerate(list(TOPICS.values())[: len(sizes)]):
        for _ in range(sizes[index]):
            text = f"{rng.choice(openings)} {rng.choice(middles)} {rng.choice(closings)}"
            items.append((text, index))
    rng.shuffle(items)
    return [t for t, _ in items], [i for _, i in items]
