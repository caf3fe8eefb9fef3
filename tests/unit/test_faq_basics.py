"""The basic questions answered at once, in Indonesian, Javanese and English, however phrased.

Issue #12: what JKK / JKM / JHT / JP / JKP / BPJS TK is, how to register, how to pay, how to
claim, what happens when one stops paying. These phrasings were written apart from the FAQ's
own phrasings (a test below checks that none is copied from content/faq), as villagers type:
slang, typos, ngoko and krama, plain English. Each must get a CONFIDENT answer, the right one.
"""

from __future__ import annotations

import pytest

from bot.app import Content
from bot.domain.faq.index import FaqIndex, Outcome

WHAT_JKK = "jkk-manfaat"
WHAT_JKM = "jkm-manfaat"
WHAT_JHT = "jht-apa"
WHAT_JP = "jp-apa"
WHAT_JKP = "jkp-apa"
WHAT_BPJS = "umum-apa-bpjs-tk"
REGISTER = "daftar-jmo"
PAY = "bayar-cara"
CLAIM = "klaim-cara"
STOP_PAYING = "bayar-telat"

BASICS: list[tuple[str, str]] = [
    # --- Indonesian
    ("jkk tuh apaan", WHAT_JKK),
    ("apa sih jkk itu", WHAT_JKK),
    ("jaminan kecelakaan kerja itu apa ya pak", WHAT_JKK),
    ("jkk maksudnya apa", WHAT_JKK),
    ("apa itu jkm", WHAT_JKM),
    ("jaminan kematian itu apa", WHAT_JKM),
    ("jkm tuh apaan sih", WHAT_JKM),
    ("apa itu jht", WHAT_JHT),
    ("jaminan hari tua tuh apa", WHAT_JHT),
    ("jht maksudnya apa ya", WHAT_JHT),
    ("apa itu jp", WHAT_JP),
    ("jaminan pensiun itu apa sih", WHAT_JP),
    ("jp tuh apaan", WHAT_JP),
    ("apa itu jkp", WHAT_JKP),
    ("jaminan kehilangan pekerjaan itu apa", WHAT_JKP),
    ("jkp tuh apa ya min", WHAT_JKP),
    ("apa itu bpjs ketenagakerjaan", WHAT_BPJS),
    ("bpjs ketenagakerjaan tuh apaan", WHAT_BPJS),
    ("jamsostek itu apa", WHAT_BPJS),
    ("bpjamsostek itu apa sih", WHAT_BPJS),
    ("cara daftar bpjs tk gmn", REGISTER),
    ("gimana caranya ikut bpjs ketenagakerjaan", REGISTER),
    ("mau daftar bpjs tk caranya gimana", REGISTER),
    ("cara jadi anggota bpjs ketenagakerjaan", REGISTER),
    ("daftar bpjs ketenagakerjaan gimana caranya pak", REGISTER),
    ("cara bayar iuran bpjs tk gmn", PAY),
    ("bayar iuran bpjs ketenagakerjaan gimana caranya", PAY),
    ("iuran dibayar lewat mana", PAY),
    ("mau bayar iuran bulanan caranya gimana", PAY),
    ("cara klaim bpjs tk gimana", CLAIM),
    ("gimana cara ngajuin klaim bpjs ketenagakerjaan", CLAIM),
    ("klaim bpjs ketenagakerjaan caranya gmn", CLAIM),
    ("ngurus klaim bpjs tk kemana", CLAIM),
    ("kalau ga bayar iuran lagi gimana", STOP_PAYING),
    ("berhenti bayar iuran bpjs tk apa akibatnya", STOP_PAYING),
    ("telat bayar iuran 2 bulan gmn", STOP_PAYING),
    ("udah lama ga bayar iuran, masih aktif ga", STOP_PAYING),
    ("kalo iuran nunggak kena denda?", STOP_PAYING),
    ("lupa bayar iuran berbulan bulan gimana", STOP_PAYING),
    # --- Javanese, ngoko
    ("jkk iku opo", WHAT_JKK),
    ("apa to jkk kuwi", WHAT_JKK),
    ("jkm kuwi apa to", WHAT_JKM),
    ("jaminan kematian kuwi apa", WHAT_JKM),
    ("jht iku opo to", WHAT_JHT),
    ("jaminan hari tua kuwi apa", WHAT_JHT),
    ("jp iku apa", WHAT_JP),
    ("jkp iku opo", WHAT_JKP),
    ("bpjs tk kuwi apa to", WHAT_BPJS),
    ("jamsostek iku opo", WHAT_BPJS),
    ("carane ndaftar bpjs tk piye", REGISTER),
    ("piye carane melu bpjs ketenagakerjaan", REGISTER),
    ("arep daftar bpjs tk piye carane", REGISTER),
    ("carane mbayar iuran bpjs tk piye", PAY),
    ("mbayar iuran lewat ngendi", PAY),
    ("carane klaim bpjs ketenagakerjaan piye", CLAIM),
    ("ngurus klaim bpjs tk piye", CLAIM),
    ("yen ora mbayar iuran maneh piye", STOP_PAYING),
    ("telat mbayar iuran rong sasi piye", STOP_PAYING),
    ("nunggak iuran kena denda ora", STOP_PAYING),
    # --- Javanese, krama
    ("jkk menika menapa", WHAT_JKK),
    ("punapa menika jaminan kecelakaan kerja", WHAT_JKK),
    ("punapa menika jkm", WHAT_JKM),
    ("punapa menika jht", WHAT_JHT),
    ("jaminan pensiun menika menapa", WHAT_JP),
    ("punapa menika jkp", WHAT_JKP),
    ("punapa menika bpjs tk", WHAT_BPJS),
    ("kados pundi carane ndaftar bpjs tk", REGISTER),
    ("menawi badhe ndaftar bpjs ketenagakerjaan kados pundi", REGISTER),
    ("kados pundi mbayar iuran bpjs ketenagakerjaan", PAY),
    ("mbayar iuran saged wonten pundi", PAY),
    ("kados pundi caranipun klaim bpjs tk", CLAIM),
    ("ngurus klaim bpjs ketenagakerjaan kados pundi", CLAIM),
    ("menawi kula mboten mbayar iuran malih kados pundi", STOP_PAYING),
    ("telat mbayar iuran wonten dendanipun mboten", STOP_PAYING),
    # --- English
    ("what's jkk", WHAT_JKK),
    ("what is the work accident benefit", WHAT_JKK),
    ("jkk what is it", WHAT_JKK),
    ("what's jkm", WHAT_JKM),
    ("what is the jkm death benefit", WHAT_JKM),
    ("what's jht", WHAT_JHT),
    ("what is old age savings jht", WHAT_JHT),
    ("what's jp", WHAT_JP),
    ("what is the jp pension", WHAT_JP),
    ("what's jkp", WHAT_JKP),
    ("what is job loss insurance jkp", WHAT_JKP),
    ("what's bpjs tk", WHAT_BPJS),
    ("bpjamsostek, what is that", WHAT_BPJS),
    ("jamsostek, what is that", WHAT_BPJS),
    ("how can i register with bpjs ketenagakerjaan", REGISTER),
    ("how to sign up for bpjs tk", REGISTER),
    ("i want to register, how", REGISTER),
    ("how do i enrol in bpjs ketenagakerjaan", REGISTER),
    ("how can i pay my contribution", PAY),
    ("where do i pay bpjs tk", PAY),
    ("how to pay the monthly contribution", PAY),
    ("how do i claim bpjs tk", CLAIM),
    ("how to file a claim with bpjs ketenagakerjaan", CLAIM),
    ("what is the claim procedure", CLAIM),
    ("what happens if i don't pay", STOP_PAYING),
    ("what if i stop paying contributions", STOP_PAYING),
    ("i paid late, is there a fine", STOP_PAYING),
    ("i have not paid for three months, what happens", STOP_PAYING),
    ("what happens when contributions are unpaid", STOP_PAYING),
]


@pytest.fixture(scope="module")
def faq(content: Content) -> FaqIndex:
    return content.faq


def test_there_are_at_least_100_basic_phrasings_over_three_languages() -> None:
    assert len(BASICS) >= 100
    assert len({q for q, _ in BASICS}) == len(BASICS)


def test_no_basic_phrasing_is_copied_from_the_faq(faq: FaqIndex) -> None:
    own = {
        text.lower()
        for entry in faq.entries
        for text in (*entry.all_phrasings, *entry.question.values())
    }
    assert [q for q, _ in BASICS if q.lower() in own] == []


@pytest.mark.parametrize(("question", "expected"), BASICS)
def test_basic_question_gets_its_answer_first_time(
    faq: FaqIndex, question: str, expected: str
) -> None:
    result = faq.search(question)
    got = [(h.entry_id, h.score) for h in faq.rank(question).hits[:3]]
    assert result.outcome is Outcome.CONFIDENT, got
    assert result.hits[0].entry_id == expected, got
