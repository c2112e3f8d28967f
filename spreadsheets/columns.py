"""The columns of each kind of import, in template order.

The first heading of each column is the Indonesian one the templates and
exports write; the others are the names people actually use in their own
sheets, and English. Matching ignores case, spaces, punctuation and a hint in
brackets ("Jenis Kelamin (L/P)").

A required column must be in the file and filled in on every row. For
participants that depends on who imports (``participant_columns``): the
template's instructions and the row checks both ask it, so the instructions
never call optional what the checks require.
"""

from __future__ import annotations

import dataclasses

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

LEDGER_COLUMNS = (
    Column("nik", ("NIK", "Nomor Induk Kependudukan", "No KTP"), required=True),
    Column("paid_on", ("Tanggal Bayar", "Tanggal", "Paid on", "Date"), required=True),
    Column("cost_class", ("Kode Biaya", "Jenis Biaya", "Cost code", "Cost"), required=True),
    Column("amount", ("Jumlah", "Nominal", "Amount"), required=True),
    Column("currency", ("Mata Uang", "Currency"), required=True),
    Column("payer", ("Dibayar Oleh", "Pembayar", "Paid by", "Payer"), required=True),
    Column("payer_organization", ("Kode Organisasi Pembayar", "Paying organization code")),
    Column("payee_name", ("Dibayar Kepada", "Penerima", "Paid to", "Payee"), required=True),
    Column("payee_organization", ("Kode Organisasi Penerima", "Paid organization code")),
    Column("description", ("Keterangan", "Description")),
    Column("rate_idr_per_jpy", ("Kurs", "Kurs Rupiah per Yen", "Rate", "Rupiah for one yen")),
)


def participant_columns(*, training_centres: int, lpks: int, lpk_required: bool) -> tuple[Column, ...]:
    """The participant columns as one importer fills them: the training centre
    is required unless the importer may register at only one (it is then filled
    in), and the LPK/SO likewise for importers whose registrations must name one."""
    required = {
        "training_centre": training_centres != 1,
        "sending_organization": lpk_required and lpks != 1,
    }
    return tuple(
        dataclasses.replace(column, required=required.get(column.key, column.required))
        for column in PARTICIPANT_COLUMNS
    )
