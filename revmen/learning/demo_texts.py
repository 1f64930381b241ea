# ruff: noqa: E501  (the reflections read better unbroken)
"""The demo's journal, written as participants of a Mental Revolution batch would write: the
prompts, the reflections (each with the mood it was written in: ``+`` positive, ``0``
neutral, ``-`` negative), facilitators' answers and commitments.

``fixtures/demo_vectors.npz`` holds the embedding of every reflection, made once from the
real ``revmen.text.embed`` by ``fixtures/make_demo_vectors.py``: the demo never runs the model.
Changing a text here means running that script again (a test checks the digests agree).
"""

from __future__ import annotations

PROMPTS = (
    "Apa yang Anda rasakan ketika menonton video tentang warga yang ditolak di loket pelayanan? "
    "Apa yang akan Anda lakukan berbeda hari Senin nanti?",
    "Kisah pegawai yang menolak amplop dari pemohon izin: pernahkah Anda berada di posisi itu? "
    "Apa yang Anda rasakan dan apa yang Anda pelajari?",
    "Setelah diskusi kelompok tentang gotong royong di kantor, apa satu hal yang ingin Anda ubah "
    "dalam cara Anda bekerja dengan rekan?",
    "Rancangan perubahan mulai terbentuk. Apa yang membuat Anda bersemangat, dan apa yang "
    "membuat Anda khawatir?",
)

REFLECTIONS: tuple[tuple[str, str], ...] = (
    # Pelayanan
    (
        "+",
        "Saya sangat tersentuh melihat ibu tua yang bolak-balik ke loket. Mulai Senin saya akan menyapa setiap pemohon dan menjelaskan syaratnya dengan sabar.",
    ),
    (
        "+",
        "Video itu membuka mata saya tentang wajah pelayanan kami. Saya ingin loket kami punya papan informasi persyaratan yang jelas dan ramah.",
    ),
    (
        "+",
        "Saya merasa malu tapi juga termotivasi. Saya akan mengusulkan antrean daring supaya warga tidak menunggu berjam-jam.",
    ),
    (
        "+",
        "Pelayanan yang baik ternyata dimulai dari senyum dan kesediaan mendengar. Saya senang karena hal itu bisa saya mulai sendiri besok.",
    ),
    (
        "0",
        "Di unit saya loket buka pukul delapan dan antrean biasanya panjang pada hari Senin. Saya akan mencatat berapa lama rata-rata warga menunggu.",
    ),
    (
        "0",
        "Kasus di video mirip dengan yang terjadi di kantor kami. Kami perlu menyusun ulang alur berkas supaya tidak ada syarat yang diminta dua kali.",
    ),
    (
        "-",
        "Saya sedih karena kejadian seperti itu masih sering terjadi di kantor saya. Petugas loket kami kurang dan tidak ada yang peduli.",
    ),
    (
        "-",
        "Jujur saya kesal, karena warga sering marah kepada kami padahal sistemnya yang tidak mendukung. Rasanya tidak adil.",
    ),
    (
        "-",
        "Saya tidak yakin bisa mengubah apa pun di loket. Aturannya dari pusat dan kami hanya pelaksana.",
    ),
    # Integritas
    (
        "+",
        "Saya bangga pada pegawai dalam kisah itu. Saya pernah menolak bingkisan dari rekanan dan sekarang saya yakin itu keputusan yang benar.",
    ),
    (
        "+",
        "Kisah ini menguatkan saya untuk tetap jujur walaupun sendirian. Integritas ternyata bisa menular kalau ada yang memulai.",
    ),
    (
        "+",
        "Saya belajar bahwa menolak gratifikasi bisa dilakukan dengan sopan. Saya akan membuat pengumuman layanan tanpa biaya tambahan di ruang tunggu.",
    ),
    (
        "0",
        "Di kantor kami sudah ada unit pengendalian gratifikasi, tetapi belum banyak pegawai yang tahu cara melapor. Saya akan mencari tahu prosedurnya.",
    ),
    (
        "0",
        "Pemberian kecil seperti makanan dari pemohon masih dianggap biasa di tempat saya. Perlu kesepakatan bersama tentang batasnya.",
    ),
    (
        "-",
        "Saya merasa tertekan karena pernah dipaksa menerima titipan dari atasan. Menolak berarti dikucilkan, dan itu menakutkan.",
    ),
    (
        "-",
        "Jujur saya pesimis. Yang jujur justru sering dipindahkan, sedangkan yang menerima amplop tetap aman.",
    ),
    (
        "-",
        "Saya kecewa karena pelatihan seperti ini tidak menyentuh pimpinan. Percuma kami berintegritas kalau contoh dari atas tidak ada.",
    ),
    # Kerja sama
    (
        "+",
        "Diskusi kelompok hari ini sangat menyenangkan. Saya sadar selama ini saya bekerja sendiri dan jarang meminta pendapat rekan.",
    ),
    (
        "+",
        "Saya ingin membuat rapat pagi singkat setiap Senin supaya tim tahu pekerjaan masing-masing. Saya optimis ini akan membantu.",
    ),
    (
        "+",
        "Gotong royong bukan hanya kerja bakti. Saya akan berbagi berkas kerja dengan bidang lain supaya tidak ada pekerjaan ganda.",
    ),
    (
        "+",
        "Rekan satu kelompok sangat terbuka dan saling membantu. Semangat ini ingin saya bawa pulang ke kantor.",
    ),
    (
        "0",
        "Di kantor kami koordinasi antarbidang biasanya lewat surat resmi dan memakan waktu seminggu. Saya akan mencoba grup pesan untuk hal yang mendesak.",
    ),
    (
        "0",
        "Kami punya tiga bidang yang menangani data yang sama. Perlu ada satu orang penghubung yang memegang data bersama.",
    ),
    (
        "-",
        "Saya kecewa karena di kantor tiap bidang saling menyalahkan ketika ada keluhan. Sulit membayangkan kami bisa bekerja sama.",
    ),
    (
        "-",
        "Rekan kerja saya tidak mau berbagi pekerjaan dan saya selalu mendapat sisa tugas. Saya lelah menanggungnya sendiri.",
    ),
    # Perubahan dan adaptasi
    (
        "+",
        "Saya bersemangat karena rancangan perubahan saya tentang arsip digital disambut baik oleh coach. Saya tidak sabar mencobanya.",
    ),
    (
        "+",
        "Saya senang karena mentor mendukung ide pendaftaran daring. Rasanya perubahan kecil ini benar-benar bisa berjalan.",
    ),
    (
        "+",
        "Saya belajar bahwa inovasi tidak harus mahal. Formulir sederhana di ponsel sudah bisa memangkas waktu layanan.",
    ),
    (
        "0",
        "Rancangan saya adalah memindahkan buku register ke lembar kerja bersama. Tahap pertama adalah menyalin data tiga bulan terakhir.",
    ),
    (
        "0",
        "Saya masih menimbang antara memperbaiki alur berkas atau membuat kanal pengaduan. Keduanya membutuhkan persetujuan kepala dinas.",
    ),
    (
        "-",
        "Saya khawatir rancangan saya gagal karena tidak ada anggaran dan tidak ada yang membantu. Saya merasa sendirian.",
    ),
    (
        "-",
        "Saya cemas karena bulan depan ada rotasi jabatan. Kalau saya dipindahkan, semua rencana ini sia-sia.",
    ),
    (
        "-",
        "Saya bingung dan takut salah. Sistem baru sering ditolak pegawai senior di kantor kami.",
    ),
    # Beban kerja dan semangat
    (
        "+",
        "Minggu ini melelahkan tetapi saya merasa lebih bermakna. Saya mulai melihat pekerjaan saya sebagai pelayanan, bukan sekadar rutinitas.",
    ),
    (
        "+",
        "Saya bersyukur bisa bertemu rekan dari daerah lain. Cerita mereka membuat saya lebih semangat bekerja.",
    ),
    (
        "0",
        "Saya mengikuti pelatihan sambil tetap menyelesaikan laporan kantor, jadi waktu menulis refleksi terbatas.",
    ),
    (
        "0",
        "Materi minggu ini banyak membahas nilai BerAKHLAK. Saya mencatat tiga perilaku yang ingin saya latih.",
    ),
    (
        "-",
        "Saya sangat lelah. Pekerjaan kantor tetap menumpuk selama pelatihan dan atasan tetap meminta laporan setiap hari.",
    ),
    (
        "-",
        "Saya merasa tidak didengar. Ide yang saya sampaikan di kantor selalu ditolak tanpa alasan.",
    ),
    (
        "-",
        "Semangat saya turun minggu ini. Saya ragu perubahan ini ada artinya kalau budaya kantor tidak berubah.",
    ),
    (
        "-",
        "Saya frustrasi karena jaringan internet di kantor buruk sehingga saya sering tertinggal sesi daring.",
    ),
    # Pimpinan dan dukungan
    (
        "+",
        "Kepala bidang saya ternyata mendukung dan bersedia menjadi contoh. Saya lega dan lebih percaya diri.",
    ),
    (
        "+",
        "Saya senang mentor meluangkan waktu membahas rancangan saya. Dukungan seperti ini membuat saya yakin.",
    ),
    (
        "0",
        "Saya sudah menjadwalkan pertemuan dengan mentor minggu depan untuk membahas tahapan rancangan.",
    ),
    (
        "0",
        "Pimpinan meminta rancangan perubahan disesuaikan dengan rencana strategis dinas. Saya akan membaca dokumen itu dulu.",
    ),
    (
        "-",
        "Mentor saya sulit ditemui dan belum membaca rancangan saya. Saya khawatir tidak ada dukungan sama sekali.",
    ),
    (
        "-",
        "Atasan saya menganggap pelatihan ini hanya formalitas. Saya kecewa dan tidak tahu harus bagaimana.",
    ),
)

FEEDBACK = (
    "Terima kasih atas refleksi yang jujur. Apa langkah kecil pertama yang bisa Anda lakukan minggu ini?",
    "Perasaan seperti ini wajar. Coba ceritakan di sesi kelompok, mungkin rekan lain mengalami hal yang sama.",
    "Bagus sekali. Catat hasilnya, nanti bisa menjadi bukti awal untuk rancangan perubahan Anda.",
    "Saya memahami kekhawatiran Anda. Mari kita bahas bersama coach, siapa saja yang bisa mendukung di kantor.",
)

COMMITMENTS = {
    "BP": "Menjelaskan persyaratan layanan dengan sabar kepada setiap pemohon dan menjawab pesan warga dalam satu hari kerja.",
    "AK": "Menolak setiap pemberian dari pemohon layanan dan mencatat penggunaan kendaraan dinas.",
    "KO": "Mengikuti satu kursus daring setiap triwulan dan membagikan materinya kepada tim.",
    "HA": "Menyapa dan mendengarkan rekan dari bidang lain tanpa membeda-bedakan.",
    "LO": "Menjaga nama baik kantor dengan tidak mengunggah keluhan internal di media sosial.",
    "AD": "Mencoba formulir daring untuk pendaftaran layanan dalam dua bulan ke depan.",
    "KL": "Mengadakan rapat pagi mingguan dengan bidang lain untuk membagi data bersama.",
}
