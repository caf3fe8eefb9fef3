"""Positions as data, and the way village offices write them in their spreadsheets."""

from __future__ import annotations

import pytest

from bot.domain.jabatan import GROUPS, JABATAN, Jabatan, by_code, in_group, parse_jabatan

# --- the data -----------------------------------------------------------------------------------


def test_codes_and_orders_are_unique_and_every_label_has_three_languages() -> None:
    assert len({j.code for j in JABATAN}) == len(JABATAN)
    assert len({j.order for j in JABATAN}) == len(JABATAN)
    for jabatan in JABATAN:
        assert jabatan.group in GROUPS
        assert set(jabatan.label) == {"id", "en", "jv"}
        assert all(jabatan.label.values())


def test_by_code_finds_each_position_and_nothing_else() -> None:
    for jabatan in JABATAN:
        assert by_code(jabatan.code) is jabatan
    assert by_code("presiden") is None


def test_groups_follow_permendagri_84_2015() -> None:
    assert [j.code for j in in_group("kepala_desa")] == ["kepala_desa"]
    assert {
        "sekdes",
        "kaur_tu_umum",
        "kaur_keuangan",
        "kaur_perencanaan",
        "kaur_umum_perencanaan",
        "kasi_pemerintahan",
        "kasi_kesejahteraan",
        "kasi_pelayanan",
        "kasi_kesejahteraan_pelayanan",
        "kadus",
    } <= {j.code for j in in_group("perangkat")}
    assert {j.code for j in in_group("bpd")} >= {"bpd_ketua", "bpd_anggota"}
    assert {"ketua_rt", "ketua_rw", "pkk", "karang_taruna", "posyandu", "lpm", "bumdes"} <= {
        j.code for j in in_group("lembaga")
    }


def test_labels_are_read_in_the_chosen_language_with_indonesian_as_fallback() -> None:
    kadus = by_code("kadus")
    assert kadus is not None
    assert kadus.label_for("en") == "Hamlet head"
    assert kadus.label_for("xx") == "Kepala Dusun"


def test_jabatan_is_hashable_and_immutable() -> None:
    sekdes = by_code("sekdes")
    assert sekdes is not None
    assert {sekdes, sekdes} == {sekdes}
    with pytest.raises(TypeError):
        sekdes.label["id"] = "Carik"  # type: ignore[index]


@pytest.mark.parametrize("jabatan", JABATAN, ids=lambda j: j.code)
def test_every_indonesian_and_javanese_label_reads_back_as_itself(jabatan: Jabatan) -> None:
    for lang in ("id", "jv"):
        assert parse_jabatan(jabatan.label[lang]) is jabatan


# --- how people write them ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # kepala desa, acting ones, and regional names (facts §4.1)
        ("Kades", "kepala_desa"),
        ("KEPALA DESA", "kepala_desa"),
        ("Plt. Kepala Desa", "kepala_desa"),
        ("Pj Kades", "kepala_desa"),
        ("Pelaksana Tugas Kepala Desa", "kepala_desa"),
        ("Lurah", "kepala_desa"),
        ("Kuwu", "kepala_desa"),
        ("Wali Nagari", "kepala_desa"),
        ("Perbekel", "kepala_desa"),
        ("Pembakal", "kepala_desa"),
        ("Keuchik", "kepala_desa"),
        # sekretariat
        ("Sekdes", "sekdes"),
        ("Sekretaris Desa", "sekdes"),
        ("Sekertaris Desa", "sekdes"),
        ("sekretaris", "sekdes"),
        ("Carik", "sekdes"),
        ("Kaur TU & Umum", "kaur_tu_umum"),
        ("Kepala Urusan Tata Usaha dan Umum", "kaur_tu_umum"),
        ("Kaur Umum", "kaur_tu_umum"),
        ("kaur keuangan", "kaur_keuangan"),
        ("KAUR KEU.", "kaur_keuangan"),
        ("KaurKeuangan", "kaur_keuangan"),
        ("Bendahara Desa", "kaur_keuangan"),
        ("Kaur Perencanaan", "kaur_perencanaan"),
        ("Kaur Umum / Perencanaan", "kaur_umum_perencanaan"),
        ("Kaur Umum dan Perencanaan", "kaur_umum_perencanaan"),
        # seksi
        ("Kasi Pemerintahan", "kasi_pemerintahan"),
        ("Kasi Pem", "kasi_pemerintahan"),
        ("kasipem", "kasi_pemerintahan"),
        ("Kepala Seksi Pemerintahan", "kasi_pemerintahan"),
        ("Kasi Kesra", "kasi_kesejahteraan"),
        ("Kasi Kesejahteraan Rakyat", "kasi_kesejahteraan"),
        ("Kasi Pelayanan", "kasi_pelayanan"),
        ("Kasi Yanmas", "kasi_pelayanan"),
        ("Kepala Seksi Pelayanan Masyarakat", "kasi_pelayanan"),
        ("Kasi Kesejahteraan dan Pelayanan", "kasi_kesejahteraan_pelayanan"),
        # kewilayahan: the dusun's name or number after it does not matter
        ("Kadus", "kadus"),
        ("Kasun", "kadus"),
        ("Kasun II", "kadus"),
        ("Kepala Dusun", "kadus"),
        ("Kepala Dusun Krajan", "kadus"),
        ("Kamituwo", "kadus"),
        ("Kepala Dukuh", "kadus"),
        ("Staf Desa", "staf"),
        # BPD: the role is read from the words around it
        ("BPD", "bpd_anggota"),
        ("Anggota BPD", "bpd_anggota"),
        ("Ketua BPD", "bpd_ketua"),
        ("BPD - Ketua", "bpd_ketua"),
        ("Wakil Ketua BPD", "bpd_wakil"),
        ("Sekretaris BPD", "bpd_sekretaris"),
        ("Anggota Badan Permusyawaratan Desa", "bpd_anggota"),
        # lembaga: named anywhere
        ("Ketua RT 03", "ketua_rt"),
        ("RT 3", "ketua_rt"),
        ("Ketua RT 01/RW 02", "ketua_rt"),
        ("Ketua RW 05", "ketua_rw"),
        ("Ketua Rukun Warga", "ketua_rw"),
        ("Ketua TP PKK", "pkk"),
        ("Sekretaris PKK", "pkk"),
        ("Ketua Karang Taruna", "karang_taruna"),
        ("Kader Posyandu", "posyandu"),
        ("LPMD", "lpm"),
        ("Staf BUMDes", "bumdes"),
        ("Direktur BUMDesa", "bumdes"),
        ("Kader KB", "kader"),
        ("Guru Ngaji", "lainnya"),
        ("Linmas", "lainnya"),
        ("Lain-lain", "lainnya"),
        # typos, only as a last resort
        ("kaur keuangn", "kaur_keuangan"),
        ("kepala dusn", "kadus"),
        ("Kasi pemerintahn", "kasi_pemerintahan"),
    ],
)
def test_spreadsheet_spellings(text: str, code: str) -> None:
    found = parse_jabatan(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "123",
        "-",
        "Ketua",  # ketua of what?
        "Kaur Pembangunan",  # no such urusan since 2015; could be perencanaan or kesejahteraan
        "Modin",
        "Tukang Kebun",
        "ketua rk",  # RT or RW: too close to guess
        "Presiden",
    ],
)
def test_unclear_or_unknown_is_none(text: str) -> None:
    assert parse_jabatan(text) is None
