"""The columns of each kind of import, in template order.

The first heading of each column is the Indonesian one the templates and
exports write; the others are the names people actually use in their own
sheets, and English. Matching ignores case, spaces and punctuation.
"""

from __future__ import annotations

from lib.spreadsheet import Column

PARTICIPANT_COLUMNS = (
    Column("nik", ("NIK", "Nomor Induk Kependudukan", "No KTP", "Nomor KTP"), required=True),
    Column("full_name", ("Nama Lengkap", "Nama", "Full name", "Name"), required=True),
    Column("name_katakana", ("Nama Katakana", "Katakana", "Name in katakana")),
    Column("sex", ("Jenis Kelamin", "JK", "L/P", "Sex", "Gender"), required=True),
    Column("birth_date", ("Tanggal Lahir", "Tgl Lahir", "Date of birth", "Birth date"), required=True),
    Column("birth_place", ("Tempat Lahir", "Place of birth")),
    Column("address", ("Alamat", "Alamat Lengkap", "Address")),
    Column("phone", ("Telepon", "No HP", "Nomor HP", "No Telepon", "Phone")),
    Column("email", ("Email", "E-mail", "Surel")),
    Column("vocational_programme", ("Kejuruan", "Program Pelatihan", "Trade", "Vocational programme")),
    Column("training_centre", ("Kode BLK", "BLK", "BLK code", "Training centre code")),
    Column("sending_organization", ("Kode LPK", "LPK", "Kode LPK/SO", "LPK code", "Sending organization code")),
    Column("sending_programme", ("Program Pengiriman", "Sending programme")),
)

RESULT_COLUMNS = (
    Column("nik", ("NIK", "Nomor Induk Kependudukan", "No KTP"), required=True),
    Column("class_code", ("Kode Kelas", "Kelas", "Class code"), required=True),
    Column("completed_on", ("Tanggal Selesai", "Tgl Selesai", "Completed on"), required=True),
    Column("final_score", ("Nilai Akhir", "Nilai", "Final score", "Score"), required=True),
    Column("certificate_number", ("Nomor Sertifikat", "No Sertifikat", "Certificate number")),
    Column("credited_hours", ("Jam", "Jam Pelatihan", "Hours")),
)
