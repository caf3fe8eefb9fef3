"""A villager types a free-text question and the FAQ search answers, offers choices or passes.

Unit tests use the small tests/data/faq_fixture.toml; the accuracy tests run the real content
in content/faq against the held-out eval sets tests/data/faq_eval_*.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.app import Content
from bot.domain.faq import index as index_module
from bot.domain.faq.entries import ContentError, EvalCase, load_eval_cases, load_faq, load_faq_files
from bot.domain.faq.index import (
    FaqIndex,
    Hit,
    Outcome,
    Ranking,
    SearchResult,
    Tally,
    Thresholds,
    decide,
    tally,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
FIXTURE = DATA / "faq_fixture.toml"
CONTENT = ROOT / "content" / "faq"

# Floors a little under what bench/faq_search.py measures (figures next to THRESHOLDS in
# bot/domain/faq/index.py: precision 0.980, top-3 0.994, helpful 0.954, recall 0.549) and under the
# top-1 of bench/faq_accuracy.py (166 of 175 in-scope questions, 0.949).
MIN_PRECISION = 0.93
MIN_TOP1 = 0.92
MIN_TOP3_RECALL = 0.97
MIN_HELPFUL = 0.92
MIN_RECALL = 0.5


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex(load_faq_files([FIXTURE]))


def top(result: Any) -> str:
    return str(result.hits[0].entry_id) if result.hits else ""


# --- searching the fixture -------------------------------------------------------------------


def test_accident_while_hoeing_gets_the_jkk_answer(index: FaqIndex) -> None:
    result = index.search("klo kecelakaan pas nyangkul dpt apa?")
    assert (result.outcome, top(result)) == (Outcome.CONFIDENT, "jkk-manfaat")
    assert result.normalized == "kecelakaan cangkul dapat"


def test_fisherman_asks_the_contribution(index: FaqIndex) -> None:
    result = index.search("iuran buat nelayan brp")
    assert (result.outcome, top(result)) == (Outcome.CONFIDENT, "iuran-bpu")


def test_javanese_how_to_register(index: FaqIndex) -> None:
    result = index.search("piye carane daftar")
    assert (result.outcome, top(result)) == (Outcome.CONFIDENT, "daftar-bpu")


def test_typo_in_a_long_word_still_finds_the_entry(index: FaqIndex) -> None:
    assert top(index.search("nomor telpon bpjs ketenagakerjan")) == "kontak-175"


@pytest.mark.parametrize(
    "question",
    ["harga cabe hari ini", "berapa", "", "🙏🙏🙏", "makasih ya min", "cara ternak lele"],
)
def test_out_of_scope_or_empty_is_not_understood(index: FaqIndex, question: str) -> None:
    result = index.search(question)
    assert result.outcome is Outcome.NOT_UNDERSTOOD
    assert result.hits == ()


def test_a_bare_agency_name_offers_choices(index: FaqIndex) -> None:
    result = index.search("bpjs ketenagakerjaan")
    assert result.outcome is Outcome.AMBIGUOUS
    assert 2 <= len(result.hits) <= 3


def test_scores_are_between_0_and_1_and_sorted(index: FaqIndex) -> None:
    for question in ["jkk", "iuran nelayan", "syarat desa sadar kades perangkat", "x y z"]:
        scores = [h.score for h in index.rank(question).hits]
        assert scores == sorted(scores, reverse=True)
        assert all(0 < s <= 1 for s in scores)


def test_limit_caps_the_hits(index: FaqIndex) -> None:
    assert len(index.search("bpjs ketenagakerjaan", limit=1).hits) == 1


def test_from_directory_reads_every_toml(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    found = FaqIndex.from_directory(tmp_path).search("santunan kematian")
    assert top(found) == "jkm-manfaat"


# --- the decision rule -----------------------------------------------------------------------

RULE = Thresholds(high=0.6, low=0.3, margin=0.1)


def ranked(*scores: float, understood: bool = True, covered: bool = True) -> Ranking:
    hits = tuple(Hit(f"e{i}", s) for i, s in enumerate(scores))
    return Ranking(hits, "q", understood, covered=covered)


def never_related(first: str, second: str) -> bool:
    return False


def always_related(first: str, second: str) -> bool:
    return True


@pytest.mark.parametrize(
    ("scores", "related", "outcome"),
    [
        ((0.8, 0.5), never_related, Outcome.CONFIDENT),
        ((0.8,), never_related, Outcome.CONFIDENT),
        ((0.8, 0.75), never_related, Outcome.AMBIGUOUS),
        ((0.8, 0.75), always_related, Outcome.CONFIDENT),
        ((0.8, 0.795), always_related, Outcome.AMBIGUOUS),  # related, but a dead heat
        ((0.5, 0.2), never_related, Outcome.AMBIGUOUS),
        ((0.29, 0.1), never_related, Outcome.NOT_UNDERSTOOD),
        ((), never_related, Outcome.NOT_UNDERSTOOD),
    ],
)
def test_decision_rule(scores: tuple[float, ...], related: Any, outcome: Outcome) -> None:
    assert decide(ranked(*scores), RULE, related).outcome is outcome


def test_without_our_words_an_entry_missing_two_of_the_question_words_is_only_offered() -> None:
    assert decide(ranked(0.9, 0.1, covered=False), RULE, never_related).outcome is (
        Outcome.AMBIGUOUS
    )


def test_nothing_understood_beats_any_score() -> None:
    assert decide(ranked(0.9, understood=False), RULE, never_related).hits == ()


@pytest.mark.parametrize(
    ("ranking", "outcome"),
    [
        # Without our words, below strict_high: one candidate standing alone is the answer...
        (ranked(0.75, 0.4), Outcome.CONFIDENT),
        # ... not when a second is close enough to be offered beside it,
        (ranked(0.75, 0.5), Outcome.AMBIGUOUS),
        # ... nor when it misses words of the question, nor below SINGLE_CHOICE_SCORE.
        (ranked(0.75, 0.4, covered=False), Outcome.AMBIGUOUS),
        (ranked(0.65, 0.1), Outcome.AMBIGUOUS),
    ],
)
def test_a_single_choice_is_no_choice(ranking: Ranking, outcome: Outcome) -> None:
    result = decide(ranking, RULE, never_related)
    assert (result.outcome, result.hits[0].entry_id) == (outcome, "e0")


def test_ambiguous_offers_only_close_candidates() -> None:
    result = decide(ranked(0.5, 0.45, 0.1, 0.05), RULE, never_related)
    assert [h.entry_id for h in result.hits] == ["e0", "e1"]


# --- loading and validating content ----------------------------------------------------------

GOOD = tomllib.loads(FIXTURE.read_text(encoding="utf-8"))["entry"][0]


def write_entries(path: Path, *entries: dict[str, Any]) -> Path:
    path.write_text("".join(_toml_entry(e) for e in entries), encoding="utf-8")
    return path


def _toml_entry(entry: dict[str, Any]) -> str:
    lines = ["[[entry]]"]
    for key, value in entry.items():
        if isinstance(value, dict):
            lines += [f"{key}.{lang} = {_toml_value(text)}" for lang, text in value.items()]
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)  # dates


def changed(**fields: Any) -> dict[str, Any]:
    entry = {**GOOD, "related": []}
    for key, value in fields.items():
        if value is None:
            entry.pop(key)
        else:
            entry[key] = value
    return entry


def test_valid_entry_loads_with_all_fields(tmp_path: Path) -> None:
    (entry,) = load_faq(write_entries(tmp_path / "x.toml", changed()).parent)
    assert entry.id == "jkk-manfaat"
    assert entry.phrasings[0] == "klo kena cangkul pas di sawah ditanggung ga"
    assert entry.checked.isoformat() == "2026-11-27"
    assert set(entry.answer) == {"id", "en", "jv"}


LONG_ANSWER = {**GOOD["answer"], "en": "<b>" + "a" * 640 + "</b>"}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (changed(topic=None), "entry 'jkk-manfaat': missing topic"),
        (changed(id="JKK manfaat"), "entry 'JKK manfaat': id must use a-z, 0-9"),
        (changed(id="a" * 25), "id is 25 characters, the limit is 24"),
        (changed(answer={**GOOD["answer"], "jv": " "}), "answer.jv is missing"),
        (changed(question={"id": "x", "en": "y"}), "question.jv is missing"),
        (changed(answer=LONG_ANSWER), "answer.en is 640 characters, the limit is 600"),
        (changed(answer={**GOOD["answer"], "id": "<div>x</div>"}), "Telegram would reject"),
        (changed(related=["nope"]), "related 'nope' is an entry that does not exist"),
        (changed(sources=[]), "sources is empty"),
        (changed(sources=["koran kemarin"]), "sources must be URLs"),
        (changed(checked="2026-11-27"), "checked must be a date"),
        (changed(phrasing=["x"]), "unknown field phrasing"),
        (changed(unconfirmed="no"), "unconfirmed must be true or false"),
    ],
)
def test_broken_entry_stops_loading_with_file_and_reason(
    tmp_path: Path, entry: dict[str, Any], message: str
) -> None:
    path = write_entries(tmp_path / "x.toml", entry)
    with pytest.raises(ContentError) as error:
        load_faq(tmp_path)
    assert error.value.path == path
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    write_entries(tmp_path / "a.toml", changed())
    write_entries(tmp_path / "b.toml", changed())
    with pytest.raises(ContentError, match=r"b\.toml: entry 'jkk-manfaat': id already used in"):
        load_faq(tmp_path)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("[[entry]\nid = ", encoding="utf-8")
    with pytest.raises(ContentError, match=r"bad\.toml: not valid TOML"):
        load_faq(tmp_path)


def test_eval_case_must_name_an_existing_entry(tmp_path: Path) -> None:
    path = tmp_path / "faq_eval_x.toml"
    path.write_text('[[case]]\nq = "iuran brp"\nexpected = "iuran-x"\n', encoding="utf-8")
    with pytest.raises(ContentError, match="'iuran-x' is not a FAQ entry"):
        load_eval_cases(path, ["iuran-bpu"])


# --- the real content against the held-out eval sets -----------------------------------------


def _real_content() -> list[Path]:
    return sorted(CONTENT.glob("*.toml"))


needs_content = pytest.mark.skipif(not _real_content(), reason="content/faq has no entries yet")


@pytest.fixture(scope="module")
def real_index(content: Content) -> FaqIndex:
    return content.faq


@pytest.fixture(scope="module")
def real_scored(real_index: FaqIndex) -> list[tuple[EvalCase, Ranking]]:
    ids = [e.id for e in real_index.entries]
    cases = [c for p in sorted(DATA.glob("faq_eval_*.toml")) for c in load_eval_cases(p, ids)]
    if not cases:
        pytest.skip("no eval sets in tests/data yet")
    return [(case, real_index.rank(case.q)) for case in cases]


@pytest.fixture(scope="module")
def real_tally(real_index: FaqIndex, real_scored: list[tuple[EvalCase, Ranking]]) -> Tally:
    return tally(real_scored, real_index.thresholds, real_index.related)


@needs_content
def test_confident_answers_are_right_nine_times_in_ten(real_tally: Tally) -> None:
    assert real_tally.precision >= MIN_PRECISION, real_tally.mistakes


@needs_content
def test_out_of_scope_questions_never_get_a_confident_answer(real_tally: Tally) -> None:
    assert real_tally.oos_confident == 0, [m for m in real_tally.mistakes if not m[1]]


@needs_content
def test_right_entry_is_usually_among_the_first_three(real_tally: Tally) -> None:
    assert real_tally.top3_recall >= MIN_TOP3_RECALL


@needs_content
def test_right_entry_usually_ranks_first(real_scored: list[tuple[EvalCase, Ranking]]) -> None:
    in_scope = [(c, r) for c, r in real_scored if c.expected]
    first = sum(bool(r.hits) and r.hits[0].entry_id == c.expected for c, r in in_scope)
    assert first / len(in_scope) >= MIN_TOP1


@needs_content
def test_most_villagers_see_the_right_entry(real_tally: Tally) -> None:
    assert real_tally.helpful >= MIN_HELPFUL
    assert real_tally.recall >= MIN_RECALL


@needs_content
@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("klo kecelakaan pas nyangkul dpt apa?", "jkk"),
        ("iuran buat nelayan brp", "iuran"),
        ("piye carane daftar", "daftar"),
    ],
)
def test_questions_from_the_issue_find_their_topic(
    real_index: FaqIndex, question: str, topic: str
) -> None:
    result = real_index.search(question)
    assert result.outcome is not Outcome.NOT_UNDERSTOOD
    assert real_index.entry(result.hits[0].entry_id).topic == topic


@needs_content
def test_chilli_prices_are_not_understood(real_index: FaqIndex) -> None:
    assert real_index.search("harga cabe hari ini").outcome is Outcome.NOT_UNDERSTOOD


@needs_content
def test_fresh_questions_name_real_entries_and_out_of_scope_is_not_answered(
    real_index: FaqIndex,
) -> None:
    # Kept out of the tuned figures (bench/faq_accuracy.py reports them on their own); here
    # only what must hold whatever the ranking: labels name entries, out of scope is declined.
    for name in ("faq_fresh_id.toml", "faq_fresh_jv.toml", "faq_fresh_en.toml"):
        cases = load_eval_cases(DATA / name, [e.id for e in real_index.entries])
        assert sum(bool(c.expected) for c in cases) >= 40, name
        assert sum(not c.expected for c in cases) >= 10, name
        declined = [
            real_index.search(c.q).outcome is not Outcome.CONFIDENT for c in cases if not c.expected
        ]
        # Issue #12 asks 95% over every out-of-scope question (the bench's column); one miss
        # in a set of 12 is 92%, two would be a regression worth a look.
        assert sum(declined) >= len(declined) - 1, name


@needs_content
def test_later_fresh_rounds_name_real_entries(real_index: FaqIndex) -> None:
    # Written blind (labels from reading content/faq) and never tuned on: only the labels and
    # the size issue #12 asks for (>= 40 in-domain per language) are checked here.
    for name in (
        *("faq_fresh2_id.toml", "faq_fresh2_jv.toml", "faq_fresh2_en.toml"),
        *("faq_fresh3_id.toml", "faq_fresh3_jv.toml", "faq_fresh3_en.toml"),
        *("faq_fresh4_id.toml", "faq_fresh4_jv.toml", "faq_fresh4_en.toml"),
        *("faq_fresh5_id.toml", "faq_fresh5_jv.toml", "faq_fresh5_en.toml"),
        *("faq_fresh6_id.toml", "faq_fresh6_jv.toml", "faq_fresh6_en.toml"),
        *("faq_fresh7_id.toml", "faq_fresh7_jv.toml", "faq_fresh7_en.toml"),
        *("faq_fresh8_id.toml", "faq_fresh8_jv.toml", "faq_fresh8_en.toml"),
        *("faq_fresh9_id.toml", "faq_fresh9_jv.toml", "faq_fresh9_en.toml"),
        *("faq_fresh10_id.toml", "faq_fresh10_jv.toml", "faq_fresh10_en.toml"),
        *("faq_fresh11_id.toml", "faq_fresh11_jv.toml", "faq_fresh11_en.toml"),
    ):
        cases = load_eval_cases(DATA / name, [e.id for e in real_index.entries])
        assert sum(bool(c.expected) for c in cases) >= 40, name
        assert any(not c.expected for c in cases), name


@needs_content
@pytest.mark.parametrize(
    "question",
    [
        "nomor hp pak kades berapa ya",
        "minta no wa pak lurah",
        "can you give me the village head's phone number",
    ],
)
def test_a_village_officials_number_is_not_ours_to_give(
    real_index: FaqIndex, question: str
) -> None:
    assert real_index.search(question).outcome is Outcome.NOT_UNDERSTOOD


@needs_content
@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("nomor call center bpjs tk", "kanal-175"),
        ("pak kades mau tanya ke bpjs nomor telponnya apa", "kanal-175"),
        ("jkp iku program apa", "jkp-apa"),  # not the list of every programme
        ("program bpjs tk apa aja", "umum-program"),
        ("how much is the monthly fee for a farmer", "iuran-petani"),  # not the agents' fee
    ],
)
def test_contacts_names_and_fees_reach_their_entry(
    real_index: FaqIndex, question: str, entry: str
) -> None:
    result = real_index.search(question)
    assert result.outcome is Outcome.CONFIDENT
    assert result.hits[0].entry_id == entry


@needs_content
@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        ("jam buka puskesmas hari minggu", Outcome.AMBIGUOUS),  # our office hours, not theirs
        ("jam pinten posyandu dibuka", Outcome.AMBIGUOUS),
        ("jam buka kantor bpjs hari minggu", Outcome.CONFIDENT),
        ("i cut my hand with a sickle while working, is it covered", Outcome.CONFIDENT),
    ],
)
def test_office_hours_are_ours_only_for_our_office(
    real_index: FaqIndex, question: str, outcome: Outcome
) -> None:
    assert real_index.search(question).outcome is outcome


@needs_content
@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("jkm itu apa sih, sy pedagang bakso", "jkm-manfaat"),
        ("what is jht? my husband works in a factory", "jht-apa"),
        ("JKK menika menapa, kulo tani", "jkk-manfaat"),
        ("jkm tu apa sih td pak rt bilang2 soal jkm sy gk ngerti", "jkm-manfaat"),
        ("desa sadar jaminan sosial itu program apa", "desa-apa"),
        # "it" is the one thing the message names
        (
            "My wife's family keeps telling me to join BPJS Ketenagakerjaan. What is it?",
            "umum-apa-bpjs-tk",
        ),
        ("aku krungu jkp, iku opo to?", "jkp-apa"),
        # "it" is the programme described, not the name
        (
            "katanya jkk ada program bantu org yg abis celaka biar bisa balik kerja, itu apaan",
            "jkk-rtw",
        ),
    ],
)
def test_a_clause_asking_what_a_programme_is_gets_its_definition(
    real_index: FaqIndex, question: str, entry_id: str
) -> None:
    result = real_index.search(question)
    assert result.outcome is Outcome.CONFIDENT
    assert result.hits[0].entry_id == entry_id
    assert result.normalized.split().count("pengertian") == 1


@needs_content
def test_a_name_in_a_clause_without_a_question_word_is_not_a_definition(
    real_index: FaqIndex,
) -> None:
    assert real_index.search("jht, cairnya kapan").hits[0].entry_id == "jht-cair"


@needs_content
@pytest.mark.parametrize(
    "question",
    [
        "THR hrs dibayar paling lambat kapan? bos sy blm ngasih",
        "kartu tani sy ilang, ngurus gantinya kmn?",
        "Bapak kula purnawirawan TNI, pensiun Asabri-nipun dereng cair",
        "when will PKH money be paid this month?",
        "ngurus akta kematian nenek syaratnya apa aja min",
        "village office open what time?",
        "sertifikat tanah warisan gmn cara balik nama",
        # iuran, but not ours: the arisan, the RT's night watch; and overtime pay
        "iuran arisan rt sasi iki piro to?",
        "iuran ronda neng RT ku saiki 10ewu saben sasi, sing ora melu kudu mbayar dendo pora?",
        "lembur jam 10 bengi nganti jam 2 esuk kok ora dibayar, kudu lapor sopo?",
        "iuran sampah sak wulan neng rt pira?",
        # a vehicle's, a boat's or a harvest's insurance, a warranty
        "asuransi motor kalo motornya dicuri bisa klaim gk",
        "asuransi perahu saya terbakar, klaimnya kemana",
        "asuransi gagal panen padi gimana klaimnya",
        "can I claim my car insurance after the crash in the parking lot?",
        "my phone screen broke, how to claim the warranty?",
        # medicine for a cow or a headache is not our treatment benefit
        "sapiku lara ora gelem mangan, obate opo?",
        "obat sakit kepala apa yg bagus",
        # "bpjs" and care, without a word of work: BPJS Kesehatan's
        "bpjs nanggung operasi sesar gk",
        "obat darah tinggi bapak tiap bulan ditanggung bpjs?",
        "kartu bpjs ibu ditolak di puskesmas katanya nunggak",
        "mau naik kelas vip pakai bpjs nambah brp",
        # another insurer or pension scheme, even with a claim in it
        "klaim pensiun janda dari taspen gmn",
        "asuransi jiwa suami bisa diklaim gk",
        # leave and driving licences are not ours either
        "cuti melahirkan buruh pabrik brp bulan",
        "perpanjang sim a syaratnya apa",
        # a claim, a NIK or a benefit does not make another scheme ours
        "cek penerima bansos pake nik dimana",
        "daftar kartu sim pakai nik gmn",
        "pesangon gk dibayar pabrik, lapor kemana",
        # the family card changed at a marriage or a birth; Jasa Raharja's own compensation
        "cara masukin nama suami ke kk setelah nikah",
        "anakku bar lair, carane mlebu KK piye",
        "santunan jasa raharja buat anak sekolah yg ketabrak brp",
        "Jasa Raharja claim for traffic accident, which office do I go",
        # care and arrears of BPJS Kesehatan; taxes, wages, other scholarships, immunisation
        "periksa hamil ditanggung bpjs gk",
        "bpjs nunggak 8 bln, kalo bayar trus rawat inap kena denda brp",
        "pajak motor telat 2 taun dendanya brp",
        "upah di bawah umk boleh gk",
        "beasiswa lpdp buat s1 ada?",
        "jadwal imunisasi anak di posyandu kapan",
        "bikin paspor buat umrah syaratnya apa aja",
        "cara bikin serikat pekerja di pabrik gmn",
        "I pay life insurance 5 years, can I get my money back if I stop?",
        "surat keterangan ahli waris buat bagi tanah warisan ke siapa",
        # Jasa Raharja when work is named only to be denied; income tax in English
        "ditabrak mobil pas jalan2 hari minggu, bukan waktu kerja. cara klaim jasa raharja?",
        "katabrak montor nalika tindak pengaosan, sanes nyambut damel. ngurus jasa raharja pripun?",
        "How much income tax do I pay on my salary abroad?",
        # a hospital ward's class, with or without BPJS Kesehatan named; a price difference
        "mau naik kelas rawat inap dr kelas 2 ke kelas 1 bisa ga ya, nambah biaya sndiri?",
        "Can I upgrade my hospital room from class 3 to VIP with BPJS Kesehatan and pay the"
        " difference?",
        # BPJS Kesehatan's class contributions and referrals; an identity card replaced; a
        # placement fee; an exam card
        "iuran kelas 3 sy nunggak 2 thn, bisa dicicil biar kartu aktif lg?",
        "Punapa surat rujukan saking puskesmas dhateng griya sakit punika wonten watesipun?",
        "cara ganti alamat di ktp krn udh pindah rumah",
        "the agency wants 40 million placement fee for Taiwan, is that legal",
        "kartu peserta ujian anak sy ilang, bisa dicetak ulang di sekolah?",
        # a pupil not yet working; the RT's dues
        "anakku ditabrak motor pas mulih sekolah, durung kerja, klaim jasa raharja piye",
        "iuran kebersihan RT sebulan 20rb itu wajib ya?",
        "Is the monthly RT cleaning fee mandatory?",
    ],
)
def test_other_programmes_and_offices_are_not_answered(real_index: FaqIndex, question: str) -> None:
    assert real_index.search(question).outcome is not Outcome.CONFIDENT


@needs_content
@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        # "can I claim" a road accident on the way to work: whether JKK covers the way to work
        (
            "ketabrak mobil pas berangkat kerja ke pabrik, bisa klaim jaminan kecelakaan kerja?",
            "jkk-perjalanan",
        ),
        ("jatuh dari motor pas ngojek, asuransi bpjs tk nanggung gk", "jkk-perjalanan"),
        ("biaya obat pas kecelakaan kerja ditanggung gk", "jkk-berobat"),
        (
            "nelayan hilang di laut pas kapalnya tenggelam, keluarganya dapat santunan?",
            "klaim-nelayan-hilang",
        ),
        ("kena arit pas ngarit, operasi jari ditanggung bpjs?", "jkk-berobat"),
        ("luka pas kerja, biaya obat sama perawatannya ditanggung semua?", "jkk-berobat"),
        ("bpjs buat berobat yg mana", "umum-vs-kesehatan"),  # asks which BPJS: ours to say
        ("i have bpjs kesehatan already, do i need this too", "umum-vs-kesehatan"),  # "this": us
        ("jari kena mesin, rawat di rs ditanggung bpjs?", "jkk-berobat"),  # a tool: an injury
        ("pensiun dari taspen sama jp bpjs tk beda gk", "jp-apa"),
        ("pesangon dari bpjs kalau di phk ada?", "jkp-kena-phk"),
        ("perlu kk gk buat daftar", "daftar-syarat"),
        ("anak baru lahir masuk kk, bisa dapat beasiswa?", "beasiswa-balita"),
        ("surat jasa raharja buat klaim jkk", "klaim-jkk-jalan-raya"),
        ("ditabrak pas pulang kerja, perlu surat jasa raharja?", "klaim-jkk-jalan-raya"),
    ],
)
def test_our_words_keep_a_question_about_care_or_another_scheme_ours(
    real_index: FaqIndex, question: str, entry_id: str
) -> None:
    _answers_with(real_index, question, entry_id)


@needs_content
def test_a_trade_with_a_crop_still_ranks_its_entry_first(real_index: FaqIndex) -> None:
    # "cabe" weakens every score: since THRESHOLDS.high is 0.45 this is offered as the first
    # choice rather than answered; BPD members joining (every other word shared) stays behind.
    result = real_index.search("sy petani cabe, boleh jd peserta bpjs tk gk")
    assert result.outcome is not Outcome.NOT_UNDERSTOOD
    assert result.hits[0].entry_id == "segmen-petani"


def _answers_with(index: FaqIndex, question: str, entry_id: str) -> None:
    """``question`` gets ``entry_id`` as a confident answer."""
    result = index.search(question)
    assert (result.outcome, result.hits[0].entry_id) == (Outcome.CONFIDENT, entry_id)


@needs_content
def test_a_question_word_after_a_comma_does_not_ask_what_the_name_is(
    real_index: FaqIndex,
) -> None:
    # "menapa" opens a yes/no question here; Desa Sadar is only what it is about.
    result = real_index.search(
        "Kangge desa sadar, menapa PKK, karang taruna, RT RW ugi kedah dipun daftaraken?"
    )
    assert "pengertian" not in result.normalized.split()
    assert result.hits[0].entry_id == "desa-lembaga"


@needs_content
def test_a_document_of_theirs_asked_for_our_claim_stays_ours(real_index: FaqIndex) -> None:
    result = real_index.search("akta kematian buat klaim jkm ngurusnya gmn")
    assert result.outcome is Outcome.CONFIDENT
    assert result.hits[0].entry_id == "klaim-jkm-dokumen"


@needs_content
@pytest.mark.parametrize(
    ("question", "entry_id", "story_pick"),
    [
        (
            "sy pedagang sayur di pasar, kemarin kepleset pas angkat karung sampai patah kaki."
            " klaim jkk syarat dokumennya apa aja?",
            "klaim-jkk-dokumen",
            "segmen-pedagang",
        ),
        (
            "my father is a trader at the market, he slipped and broke his arm at his stall."
            " what papers do we need to claim jkk?",
            "klaim-jkk-dokumen",
            "iuran-pedagang",
        ),
    ],
)
def test_the_clause_that_asks_outweighs_the_story_before_it(
    question: str, entry_id: str, story_pick: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The FAQ's own texts only: labelled questions (content/faq/asked) may hold these stories.
    faq_only = FaqIndex(load_faq_files(sorted(CONTENT.glob("*.toml"))))
    result = faq_only.search(question)
    assert result.outcome is Outcome.CONFIDENT
    assert result.hits[0].entry_id == entry_id
    # Without the asking clause's own weight the story wins: the test pins the mechanism.
    monkeypatch.setattr(index_module, "ASK_WEIGHT", 0.0)
    assert faq_only.search(question).hits[0].entry_id == story_pick


@needs_content
@pytest.mark.parametrize(
    ("question", "pick_with_the_family_word"),
    [
        ("my dad fell from a roof at work, what do we get", "jkk-beasiswa"),
        ("my husband fell from a roof at work, what do we get", "jkk-meninggal"),
    ],
)
def test_who_had_the_accident_does_not_make_it_a_question_about_heirs(
    real_index: FaqIndex,
    question: str,
    pick_with_the_family_word: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = real_index.search(question)
    assert result.outcome is Outcome.CONFIDENT
    assert result.hits[0].entry_id == "jkk-manfaat"
    # The family word read as part of the question pulls the heirs' entries: the test pins
    # the rule (lexicon.FAMILY).
    monkeypatch.setattr(index_module, "_without_the_injured", lambda terms: terms)
    assert real_index.search(question).hits[0].entry_id == pick_with_the_family_word


@needs_content
@pytest.mark.parametrize(
    "question",
    [
        "my wife died but not from work, how much do we get",
        "bojoku mati ora amarga kerja, oleh piro",
        "Garwa kula seda sanes amargi nyambut damel, kulawarga pikantuk pinten?",
        "suami saya meninggal bukan karena kerja, keluarga dapat berapa?",
    ],
)
def test_a_death_not_from_work_gets_the_death_benefit_not_the_work_accident_one(
    real_index: FaqIndex, question: str
) -> None:
    result = real_index.search(question)
    assert result.outcome is Outcome.CONFIDENT
    assert result.hits[0].entry_id == "jkm-manfaat"


@needs_content
def test_an_accident_with_a_death_keeps_the_family_in_the_question(real_index: FaqIndex) -> None:
    result = real_index.search("suami saya meninggal karena kecelakaan kerja, anak dapat apa?")
    assert result.outcome is Outcome.CONFIDENT
    assert result.hits[0].entry_id == "jkk-beasiswa"


@needs_content
def test_the_asking_clause_never_lifts_an_out_of_scope_question(real_index: FaqIndex) -> None:
    # The clause that asks ("klaime piye") alone matches our claim entries well; capped at the
    # whole question's best score, it cannot make a cattle insurance question ours.
    question = "sapiku mati kena PMK, jare ana asuransi ternak, klaime piye?"
    assert real_index.search(question).outcome is Outcome.NOT_UNDERSTOOD


@needs_content
@pytest.mark.parametrize(
    "question",
    [
        "Puskesmas turned my mother away bc her BPJS Kesehatan has 6 months arrears. How do we"
        " pay off the tunggakan?",
        "kartu prakerja gelombang baru dibuka kpn? sy korban PHK pabrik. gmn cara daftarnya?",
    ],
)
def test_the_last_sentence_alone_never_answers_a_message_the_scope_rules_turned_away(
    real_index: FaqIndex, question: str
) -> None:
    # The last sentence alone ("How do we pay off the tunggakan?") is ours; the message is not.
    assert real_index.search(question).outcome is not Outcome.CONFIDENT


@needs_content
def test_near_misses_from_other_programmes_are_declined_as_the_issue_asks(
    real_index: FaqIndex,
) -> None:
    # Issue #12: out-of-scope questions declined >= 95%. These 120 are the hard ones (other
    # programmes, offices and documents, in id/jv/en) and were tuned on: 5 still slip through.
    cases = load_eval_cases(DATA / "faq_oos_near_misses.toml", [e.id for e in real_index.entries])
    assert len(cases) == 120 and not any(c.expected for c in cases)
    answered = [c.q for c in cases if real_index.search(c.q).outcome is Outcome.CONFIDENT]
    assert len(answered) <= 0.05 * len(cases), answered


@needs_content
@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("gimana cara cek saldo je ha te", "jht-cek-saldo"),
        ("how can i see my jay h tea balance", "jht-cek-saldo"),
        ("download jay em oh app how to sign up", "daftar-jmo"),
        ("call centre bee pee jay yes number please", "kanal-175"),
        ("aku arep wadul, pelayanan kantor cabang elek", "kanal-pengaduan"),
    ],
)
def test_acronyms_spelled_out_by_speech_to_text_are_understood(
    question: str, entry_id: str
) -> None:
    # The FAQ's own texts only: the dictionary must carry these, not a labelled question.
    faq_only = FaqIndex(load_faq_files(sorted(CONTENT.glob("*.toml"))))
    result = faq_only.search(question)
    assert (result.outcome, result.hits[0].entry_id) == (Outcome.CONFIDENT, entry_id)


# --- what is offered under a confident answer -------------------------------------------------


def _confident(*hits: tuple[str, float]) -> SearchResult:
    return SearchResult(Outcome.CONFIDENT, tuple(Hit(e, s) for e, s in hits), "")


def test_see_also_puts_a_close_runner_up_before_the_related_questions(index: FaqIndex) -> None:
    # jkk-manfaat's related question is jkk-lapor; the search's close second comes first.
    result = _confident(("jkk-manfaat", 0.9), ("jkm-manfaat", 0.8), ("jht-cair", 0.5))
    assert index.see_also(result) == ("jkm-manfaat", "jkk-lapor")


def test_see_also_leaves_out_a_distant_runner_up_and_repeats_nothing(index: FaqIndex) -> None:
    far = 0.9 * index_module.SEE_ALSO_SHARE - 0.01
    result = _confident(("jkk-manfaat", 0.9), ("jkk-lapor", 0.85), ("jht-cair", far))
    assert index.see_also(result) == ("jkk-lapor",)  # once, though close and related


def test_see_also_is_for_a_confident_answer_only_and_stops_at_three(index: FaqIndex) -> None:
    ambiguous = SearchResult(
        Outcome.AMBIGUOUS, (Hit("jkk-manfaat", 0.5), Hit("jkk-lapor", 0.5)), ""
    )
    assert index.see_also(ambiguous) == ()
    close = [(e, 0.85) for e in ("jkm-manfaat", "jht-cair", "kontak-175", "iuran-bpu")]
    assert index.see_also(_confident(("jkk-manfaat", 0.9), *close)) == (
        "jkm-manfaat",
        "jht-cair",
        "kontak-175",
    )


def test_tally_counts_a_wrong_answer_with_the_right_one_under_it(index: FaqIndex) -> None:
    case = EvalCase("q", "jkk-lapor")
    ranking = Ranking((Hit("jkk-manfaat", 0.9), Hit("jkk-lapor", 0.85)), "q", True, True, True)
    counted = tally([(case, ranking)], index.thresholds, index.related, see_also=index.see_also)
    assert (counted.confident_wrong, counted.one_tap_away, counted.reached) == (1, 1, 1)
    without = tally([(case, ranking)], index.thresholds, index.related)
    assert (without.one_tap_away, without.reached) == (0, 0)


def test_rank_for_an_officer_scores_a_question_the_scope_rules_turn_away(index: FaqIndex) -> None:
    question = "iuran bpjs kesehatan brp"  # another agency's contribution: not ours
    assert index.rank(question).hits == ()
    assert index.rank(question, in_scope_only=False).hits[0].entry_id == "iuran-bpu"


# --- eval cases whose question another entry answers as fully ----------------------------------


def _case_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cases.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_an_eval_case_lists_other_entries_that_answer_it(tmp_path: Path, index: FaqIndex) -> None:
    ids = [e.id for e in index.entries]
    path = _case_file(
        tmp_path,
        '[[case]]\nq = "a"\nexpected = "jkk-manfaat"\nalso = ["jkk-lapor"]\n'
        '[[case]]\nq = "b"\nexpected = "jkm-manfaat"\n',
    )
    first, second = load_eval_cases(path, ids)
    assert first.also == ("jkk-lapor",) and second.also == ()
    assert first.answered_by("jkk-lapor") and first.answered_by("jkk-manfaat")
    assert not first.answered_by("jkm-manfaat") and not second.answered_by("jkk-lapor")


@pytest.mark.parametrize(
    "case",
    [
        'expected = "jkk-manfaat"\nalso = ["jkk-manfaat"]',  # the expected entry itself
        'expected = "jkk-manfaat"\nalso = ["no-such-entry"]',
        'expected = ""\nalso = ["jkk-lapor"]',  # out of scope: nothing answers it
        'expected = "jkk-manfaat"\nalso = "jkk-lapor"',  # not a list
    ],
)
def test_a_wrong_also_stops_the_load(tmp_path: Path, index: FaqIndex, case: str) -> None:
    path = _case_file(tmp_path, f'[[case]]\nq = "a"\n{case}\n')
    with pytest.raises(ContentError, match="also"):
        load_eval_cases(path, [e.id for e in index.entries])


def test_tally_counts_an_answer_that_carries_what_was_asked(index: FaqIndex) -> None:
    ranking = Ranking((Hit("jkk-manfaat", 0.9), Hit("jkk-lapor", 0.5)), "q", True, True, True)
    judged = EvalCase("q", "jkk-lapor", ("jkk-manfaat",))
    plain = EvalCase("q", "jkk-lapor")
    counted = tally([(judged, ranking), (plain, ranking)], index.thresholds, index.related)
    assert (counted.confident_correct, counted.confident_wrong) == (0, 2)
    assert counted.confident_carrying == 1


@needs_content
@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        # The trade named picks the entry that speaks of it (KEY_TERMS): farmers joining, not
        # BPD members joining, which shares every other word.
        ("sy petani, boleh jd peserta bpjs tk gk", "segmen-petani"),
        # ... and a programme named still outweighs the trade: the pension, not traders joining.
        ("aku bakul sayur, iso melu pensiun ora", "jp-bpu"),
        # "nggo" (= kanggo, "for") once counted as a word of the minimarket payment entry's
        # Javanese phrasings and pulled "what is the JMO app for" there.
        ("aplikasi jmo iso nggo apa wae", "kanal-jmo-fitur"),
        # "phk", spent on many labelled questions of few entries, once counted as a common word
        # and left "kantor" (the workplace here) to pick the branch office.
        ("di PHK kantor, dr bpjs tk dapet apa aja?", "jkp-kena-phk"),
        # English words around the question ("instead", "installing") are not unknown words
        # that make it look out of scope.
        (
            "can i register on the website instead of installing the app, my phone is full",
            "daftar-web-bpu",
        ),
        # The benefits of a programme with an entry of their own are not what it is.
        ("Manfaat jaminan pensiun menika menapa kemawon?", "jp-manfaat"),
        ("jp iku opo", "jp-apa"),
        # A trade told in the story does not pull a programme's question to the trade's entry.
        ("sy pedagang kaki lima di alun2, jkk tu sbnrnya ngelindungin apa aja sih", "jkk-manfaat"),
    ],
)
def test_the_words_that_name_the_subject_pick_the_entry(
    real_index: FaqIndex, question: str, entry_id: str
) -> None:
    _answers_with(real_index, question, entry_id)


@needs_content
def test_banking_is_a_bank_not_a_ranking(real_index: FaqIndex) -> None:
    # Typo correction towards the FAQ's words made "banking" "ranking" (a school ranking).
    result = real_index.search("can i pay iuran using mobile banking")
    assert "bank" in result.normalized.split()
    assert "bayar-cara" in [hit.entry_id for hit in result.hits]


@needs_content
@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        # paid by the day is the day labourer's pay, not a contribution the farmer pays
        (
            "aku buruh tani, dibayar per hari nang sawah tanggane. oleh melu bpjs tk?",
            "segmen-buruh-harian",
        ),
        (
            "I work other people's rice fields and get paid daily. Can I join BPJS TK?",
            "segmen-buruh-harian",
        ),
        # Javanese "at all" and "actually" are filler, not unknown words that look out of scope
        ("BPJS Ketenagakerjaan ki sakjane apa to? aku durung mudheng blas", "umum-apa-bpjs-tk"),
        # "what is that" asks what the one thing named is
        ("my in-laws keep mentioning bpjs tk. what is that?", "umum-apa-bpjs-tk"),
        # what one thing is, set beside BPJS Kesehatan or (with a difference) another programme
        ("Rek, BPJS Ketenagakerjaan iku opo? Podo ta karo BPJS Kesehatan?", "umum-vs-kesehatan"),
        ("jkk itu apa? bedanya sama jkm apa?", "jkm-beda-jkk"),
        # another programme named in the story leaves the definition asked
        ("jkp ki opo, aku kerjo neng pabrik rokok, wis melu jkk jkm", "jkp-apa"),
        # English "what" opens a question that goes on; it does not end a name
        ("company fired me (PHK) yesterday. from bpjs tk what all can i get?", "jkp-kena-phk"),
        # "how does it work" asks what the programme named beside our agency is
        (
            "I work in Hong Kong now. People talk about old age savings from BPJS TK, how does"
            " it work?",
            "jht-apa",
        ),
        # "what agency is it", "what programme is it" ask what the thing named is
        (
            "Assalamualaikum, maaf mau tanya. BPJS Ketenagakerjaan itu badan apa ya? di kampung"
            " sy belum ada yg ikut",
            "umum-apa-bpjs-tk",
        ),
        (
            "Anak saya kerja di pabrik, di slip gajinya ada tulisan JP. Itu program apa ya?",
            "jp-apa",
        ),
        # the phone in the hand is the app's, not a call; preparing is bringing documents
        ("can i withdraw jht on my phone", "klaim-jht-online"),
        ("wife died last month, what must i prepare for the death benefit", "klaim-jkm-dokumen"),
        # Suroboyoan "rek" is an address, not a bank account ("rekening")
        ("jkk iku oleh opo ae rek", "jkk-manfaat"),
        ("had accident at work, what i must do to claim, step by step", "klaim-jkk-langkah"),
        # a story whose words dilute every score is answered from its last sentence, when that
        # sentence alone is ours and clear
        (
            "Im going to Taiwan next month as caregiver through a PT agency. My mom is already"
            " BPU member in the village as pedagang. Which programmes are compulsory for me as"
            " migrant worker?",
            "pmi-program",
        ),
        (
            "My neighbour sent this bot link in the WA group and said it is from BPJS. I'm a"
            " retired teacher now selling plants. Is this the official bpjs service?",
            "bot-apa",
        ),
    ],
)
def test_question_shapes_reach_their_entry(
    real_index: FaqIndex, question: str, entry_id: str
) -> None:
    _answers_with(real_index, question, entry_id)
