"""English through the same pipeline as French: statements, quantities,
entities, boilerplate, dates, mixed batches and unsupported languages.

Sentences from en.wikinews.org articles (tests/data/wikinews/en-*.json,
Wikinews contributors, CC BY 2.5; see tests/data/wikinews/SOURCES.md); a few
are shortened. No language is given: detection routes them.
"""
import json
from pathlib import Path

import pytest

from depeche import pipeline
from depeche.record import Article

WIKINEWS = Path(__file__).parent / "data" / "wikinews"


def run(*articles: Article) -> list[dict]:
    return list(pipeline.process(articles))


def one(text: str, published: str | None = "2015-09-12", **kw) -> dict:
    [rec] = run(Article(text=text, id="t", published=published, **kw))
    assert "error" not in rec, rec
    return rec


def speaker_of(rec: dict) -> dict[str, str]:
    """Content -> who said it."""
    return {content: who for who, _, content in said(rec)}


def said(rec: dict) -> list[tuple[str, str, str]]:
    names = {e["id"]: e["name"] for e in rec["entities"]}
    return [(names.get(s["speaker"]) or s["speaker_text"], s["stance"], s["content"]) for s in rec["statements"]]


def wikinews(name: str) -> Article:
    d = json.loads((WIKINEWS / f"{name}.json").read_text(encoding="utf-8"))
    return Article(text=d["text"], id=d["id"], published=d.get("published"))


def test_quote_split_by_subject_after_it():
    rec = one('The accident occurred at a time when the mosque was relatively uncrowded. "Had it happened '
              'an hour later it would have been much worse," Khaled Al-Maeena, editor at large at the Saudi '
              'Gazette, said.')
    assert rec["lang"] == "en"
    rows = said(rec)
    # a counterfactual ("would have been") is an estimate, not a claim of fact
    assert ("Khaled Al-Maeena", "estimate", "Had it happened an hour later it would have been much worse") in rows


def test_said_with_quote_after_and_bare_complement():
    rec = one('Minister of Education Stefania Giannini said the reform was needed. Claudio De Vincenti, '
              'undersecretary to the prime minister, said "a discussion table will be opened with the '
              'non-profit associations".')
    rows = said(rec)
    assert ("Stefania Giannini", "assert", "the reform was needed") in rows
    assert any(who == "Claudio De Vincenti" and c.startswith("a discussion table will be opened")
               for who, _, c in rows)


def test_according_to_before_and_after():
    rec = one("A storm yesterday caused a crane to fall into Mecca's Grand Mosque, killing 107 people, "
              "according to Saudi Arabia's Civil Defense Authority. According to Mark Rathbun, a detective "
              "was provided with material to build a case.")
    rows = said(rec)
    assert any(who == "Civil Defense Authority" and c.startswith("A storm yesterday caused a crane")
               for who, _, c in rows)
    assert any(who == "Mark Rathbun" and c.startswith("a detective was provided") for who, _, c in rows)


def test_pronoun_speaker_and_incise():
    rec = one('Harry Kane won the award. He said, "In the first half it felt good out there." '
              '"Foolhardy provocation deserves harsh punishment", said KCNA.')
    rows = said(rec)
    assert ("Harry Kane", "assert", "In the first half it felt good out there.") in rows
    assert any(who in ("KCNA", "Korean Central News Agency") and c.startswith("Foolhardy provocation")
               for who, _, c in rows)


def test_stances_deny_and_refuse():
    rec = one("Steve Whitmore, a spokesman for the sheriff's office, denied that the detective had met "
              "Scientology officials. Whitmore declined to confirm the report.")
    rows = {(who, stance) for who, stance, _ in said(rec)}
    assert ("Steve Whitmore", "deny") in rows
    assert ("Steve Whitmore", "refuse_confirm") in rows


def test_quantities():
    rec = one("The deal is to cost $11.5bn. The new company will have $55 billion in annual revenue and "
              "nearly 3,500 retail stores. Sears was up 22 percent on Wednesday. South Korea evacuated "
              "about 80 people after at least one shell landed near the area.")
    got = {(q["value"], q["approx"], q["unit"]) for q in rec["quantities"]}
    assert (11_500_000_000, False, "dollars") in got
    assert (55_000_000_000, False, "dollars") in got
    assert any(v == 3500 and approx and unit.endswith("stores") for v, approx, unit in got)
    assert (22, False, "%") in got
    assert (80, True, "people") in got
    assert any(v == 1 and approx and unit.startswith("shell") for v, approx, unit in got)


def test_comma_digit_groups_and_no_space_groups():
    rec = one("The petition now has more than 11,000 signatures. In 2015 300 people signed it.")
    values = {q["value"] for q in rec["quantities"]}
    assert 11000 in values
    assert 300 in values and 2015300 not in values


def test_entities_grouped_and_typed():
    rec = one("Discount retailer Kmart Corp. announced Wednesday it will buy Sears. Edward Lampert, the "
              "chairman of Kmart, will become chairman. North Korea's army fired shells at South Korea.")
    by_name = {e["name"]: e for e in rec["entities"]}
    assert by_name["Kmart Corp."]["type"] == "ORG"
    assert len(by_name["Kmart Corp."]["mentions"]) == 2  # "Kmart" is the same company
    assert by_name["Edward Lampert"]["type"] == "PER"
    assert "North Korea" in by_name and "North Korea's" not in by_name
    assert by_name["North Korea"]["type"] == "LOC"


def test_a_name_after_a_champion_is_a_person():
    t = types(one("World champion Kylian Mbappe scored twice on Sunday."))
    assert ("Kylian Mbappe", "PER") in t


def test_a_possessed_square_is_one_place_and_a_named_day_no_place():
    t = types(one("The bishop blessed the crowd in St. Anne's Square on Palm Sunday. "
                  "The storm reached Florida Thursday."))
    assert ("St. Anne's Square", "LOC") in t
    assert not any(name.startswith("Palm") for name, _ in t)
    assert ("Florida", "LOC") in t


def test_a_given_name_makes_a_person_of_a_name_the_ner_called_an_organisation():
    t = types(one("Germany's Olaf Scholz met the president in Berlin on Monday."))
    assert ("Olaf Scholz", "PER") in t


def test_a_person_introduced_by_nationality_is_a_person_whatever_the_ner_made_of_it():
    # Left untagged after the nationality, or glued to it as an organisation.
    t = types(one("In the semi-final on Friday, the Russian Daria Kasatkina beat the Belgian Elise Mertens "
                  "in straight sets in Madrid, where she had lost in the first round last year."))
    assert ("Daria Kasatkina", "PER") in t and ("Elise Mertens", "PER") in t
    assert not any("Belgian" in name for name, _ in t)


def test_names_typed_apart_across_a_hyphen_are_one_name():
    # The NER reads "Météo-France" as two places; a compound that is no
    # place is an organisation.
    t = types(one("Météo-France said on Thursday that gusts had reached 200 km/h on the coast of Brittany, "
                  "and the storm was expected to weaken overnight."))
    assert ("Météo-France", "ORG") in t and ("France", "LOC") not in t


def test_a_name_before_a_noun_of_divisions_is_a_place():
    t = types(one("Prime Minister Élisabeth Borne visited the Finistère department on Friday, "
                  "two days after the storm had flooded hundreds of homes along the coast."))
    assert ("Finistère", "LOC") in t


def test_a_spokesperson_speaks_for_a_body_unless_the_name_is_a_persons():
    t = types(one("Late on Friday, a spokeswoman for Harbour Transit told reporters that the ferries would not "
                  "sail, while a spokesman for Joe Biden said the president would travel to Ohio next week."))
    assert ("Harbour Transit", "ORG") in t and ("Joe Biden", "PER") in t


def test_products_are_no_persons_or_places():
    # A model number ends a product's name; a company's one-word thing is
    # no person (but its chief is, and a surname the article gives in full).
    t = types(one("Tesla's Cybertruck was recalled on Monday, weeks after Microsoft ended support for Windows 95 "
                  "on its last machines. Apple's Tim Cook and Amazon's Bezos met in Washington; Jeff Bezos left."))
    assert ("Cybertruck", "PER") not in t and ("Windows 95", "LOC") not in t and ("Windows 95", "PER") not in t
    assert ("Tim Cook", "PER") in t and ("Jeff Bezos", "PER") in t


def test_a_given_name_makes_a_person_of_a_name_the_ner_called_a_place_and_ten_is_a_particle():
    t = types(one("Manchester United won 2-1 on Saturday with goals from Marcus Rashford and Bruno Fernandes, "
                  "and manager Erik ten Hag said the side had found its rhythm."))
    assert ("Marcus Rashford", "PER") in t and ("Erik ten Hag", "PER") in t


def test_a_one_word_name_of_a_person_is_where_the_person_is_from():
    t = types(one("Max Verstappen won the race on Sunday ahead of Lando Norris of McLaren, and Carlos Alcaraz "
                  "of Spain won the final in Beijing."))
    assert ("McLaren", "ORG") in t and ("Spain", "LOC") in t and ("Lando Norris", "PER") in t


def test_the_corpus_own_outlet_is_an_organisation():
    t = types(one("Police evacuated the spa on Saturday night. Wikinews was unable to reach the mayor of the town, "
                  "Anna Berg, for comment on the evacuation."))
    assert ("Wikinews", "ORG") in t and ("Anna Berg", "PER") in t


def test_a_name_cut_at_its_hyphen_is_one_name():
    t = types(one("Heavy rain flooded the Emilia-Romagna region on Wednesday."))
    assert ("Emilia-Romagna", "LOC") in t and ("Emilia", "LOC") not in t


def test_a_percentage_written_pc_in_british_style():
    rec = one("Shares in the lender fell 40pc on Monday, and inflation reached 4.2pc in May.")
    got = {(q["value"], q["unit"]) for q in rec["quantities"]}
    assert (40, "%") in got and (4.2, "%") in got


def ents(rec: dict) -> dict[str, dict]:
    """Entities by every form they take."""
    return {form: e for e in rec["entities"] for form in e["forms"] + [e["name"]]}


def types(rec: dict) -> set[tuple[str, str]]:
    return {(e["name"], e["type"]) for e in rec["entities"]}


def test_name_split_at_inner_article_and_surname_backoff():
    rec = one("Montalvo had known Devocht personally, and contacted Tom Devocht and Mark Rathbun. "
              "According to Rathbun the Scientology property in question was returned by mail to the "
              "organization. Daniel Montalvo, 19, a member of Scientology all his life, worked for Scientology.")
    names = {e["name"] for e in rec["entities"]}
    assert not any(" the " in n for n in names)
    by = ents(rec)
    assert by["Rathbun"]["name"] == "Mark Rathbun" and by["Rathbun"]["type"] == "PER"
    assert by["Scientology"]["type"] == "ORG"  # a member of it; no gazetteer knows a place so named


def test_head_tail_types_and_finds_names():
    rec = one("A storm yesterday caused a crane to fall into Mecca's Grand Mosque, killing 107 or more. "
              "\"Had it happened an hour later it would have been much worse,\" Khaled Al-Maeena, editor at "
              "large at the Saudi Gazette, said. Later he was taken to the Century City Towers.")
    t = types(rec)
    assert ("Grand Mosque", "LOC") in t
    assert ("Saudi Gazette", "ORG") in t
    assert ("Century City Towers", "LOC") in t


def test_short_form_of_a_magazine_and_a_court():
    rec = one("The request results from the sentence of the Italian Supreme Court of Cassation on July 8. "
              "Regions apply the sentence of the Supreme Court.\nThe case on which the Court has ruled was "
              "that of two schools. He read an article in the propaganda publication Freedom Magazine, and "
              "concluded that the claims made about him in the Freedom article were lies.")
    court = [e for e in rec["entities"] if "Court" in e["name"]]
    assert len(court) == 1 and court[0]["type"] == "ORG"
    freedom = [e for e in rec["entities"] if "Freedom" in e["name"]]
    assert len(freedom) == 1 and len(freedom[0]["mentions"]) == 2


def test_office_of_a_holder_and_arabic_particle():
    rec = one("According to Rathbun, a detective for the Los Angeles Sheriff's office was provided with "
              "material. Civil Defense Authority director General Suleiman al-Amr, in remarks to al-Ikhbariya "
              "television, said the crane fell.")
    t = types(rec)
    assert ("Los Angeles Sheriff's office", "ORG") in t
    assert any(n == "al-Ikhbariya" for n, _ in t)


def test_countries_grouped_by_code_and_conjunction_trimmed():
    rec = one("The report comes after North and South Korea exchanged artillery fire yesterday. The South "
              "Korean puppet military made another grave provocation to the DPRK in the central western "
              "sector, North Korea said. South Korea evacuated about 80 people in the town of Yeoncheon.")
    t = types(rec)
    assert not any(" and " in n for n, _ in t)
    korea = [e for e in rec["entities"] if e["country"] == "KP" and e["type"] == "LOC"]
    assert len(korea) == 1 and "DPRK" in korea[0]["forms"]
    assert ("Yeoncheon", "LOC") in t


def test_capitalised_words_that_are_a_roles_complement_are_no_person():
    rec = one("The director of the Special Investigations Unit says the officer delayed first aid. "
              "The minister of the Interior Sam Kolwe said the report would be published.")
    t = types(rec)
    assert ("Special Investigations Unit", "PER") not in t and ("Investigations Unit", "PER") not in t
    assert ("Sam Kolwe", "PER") in t


def test_untagged_capitalised_words_spelling_the_articles_acronym_name_that_body():
    rec = one("The director of the Special Investigations Unit says the officer delayed first aid. "
              "The SIU says the officer shot the man.")
    e = {x["name"]: x for x in rec["entities"]}
    assert "Special Investigations Unit" in e and e["Special Investigations Unit"]["type"] == "ORG"
    assert "SIU" in e["Special Investigations Unit"]["forms"]


def test_a_countrys_parts_are_places_of_their_own():
    rec = one("Gusts of 90mph are expected in western Scotland tonight, and heavy rain will reach England "
              "tomorrow. A poll found that half of UK drivers would cross a flooded road.")
    gb = {e["name"]: e for e in rec["entities"] if e["country"] == "GB"}
    assert {"Scotland", "England", "UK"} <= set(gb)
    assert "Scotland" not in gb["UK"]["forms"]


def test_score_not_in_name_and_fifa_country_name():
    rec = one("On Monday, Sweden defeated South Korea 1 – 0.\nGroup F — Sweden 1 – 0 Korea Republic\n"
              "In the first game of the day, Sweden faced South Korea at the Nizhny Novgorod Stadium. "
              "Swedish captain Andreas Granqvist scored from the penalty spot, putting Sweden 1 – 0 up. "
              "Korea's Kim Shin-Wook was shown a yellow card.")
    names = {e["name"] for e in rec["entities"]}
    assert not any(n.endswith(" 1") for n in names)
    kr = [e for e in rec["entities"] if e["name"] == "South Korea"]
    assert len(kr) == 1 and {"Korea Republic", "Korea"} <= set(kr[0]["forms"])


def test_split_person_joined():
    rec = one("Belgium started the game with Romelu Lukaku, Yannick Carrasco, and Dries Mertens making early "
              "attempts to put Belgium into the lead against debutants Panama. Dries Mertens's attempt in "
              "the 18th minute failed. In the second half, Dries Mertens scored a goal.")
    mertens = [e for e in rec["entities"] if "Mertens" in e["name"] or "Dries" in e["name"]]
    assert len(mertens) == 1 and mertens[0]["name"] == "Dries Mertens" and mertens[0]["type"] == "PER"


def test_acronym_fits_the_name_before_it():
    rec = one("Requests have come from the Municipality of Bogliasco, next to Genova, and from the deputies "
              "of Movimento 5 Stelle (M5S) of the regional counsel of Lombardy. The Union of Rationalist "
              "Atheists and Agnostics (UAAR) has launched a petition. The secretary general of CEI (Italian "
              "Episcopal Conference), Nunzio Galantino, has called the sentence dangerous.")
    t = types(rec)
    assert ("Movimento 5 Stelle", "ORG") in t
    assert ("Union of Rationalist Atheists and Agnostics", "ORG") in t
    by = ents(rec)
    assert by["M5S"]["name"] == "Movimento 5 Stelle"
    assert by["UAAR"]["name"] == "Union of Rationalist Atheists and Agnostics"
    assert by["CEI"] is by["Italian Episcopal Conference"]


def test_place_after_place_and_municipality_of():
    rec = one("The case on which the Court has ruled was of the religious schools Santo Spirito and Immacolata in Livorno, Tuscany, to "
              "pay over 422,000 euros in arrears. The request was advanced by the Municipality of Livorno "
              "in 2010.")
    by = ents(rec)
    assert by["Tuscany"]["type"] == "LOC"
    assert by["Municipality of Livorno"] is by["Livorno"] and by["Livorno"]["type"] == "LOC"


def test_dotted_initials_and_station():
    rec = one("On September 29, Scientology officials went to the East Los Angeles sheriff's station. "
              "Montalvo \"walked into lobby of the East L.A. station and turned himself in\".")
    by = ents(rec)
    assert by["East L.A."] is by["East Los Angeles"]


def test_boilerplate_removed():
    rec = one("Advertisement\nThe crane accident comes just ten days before the beginning of the Hajj, "
              "officials said.\nScroll to continue\nShare this article\nRead more: Mecca crane collapse\n"
              "Sign up for our newsletter\nMillions of pilgrims arrive in Mecca each year for the Hajj.")
    reasons = {r["text"]: r["reason"] for r in rec["removed"]}
    assert reasons == {"Advertisement": "advert", "Scroll to continue": "advert", "Share this article": "share",
                       "Read more: Mecca crane collapse": "navigation",
                       "Sign up for our newsletter": "navigation"}
    assert "Advertisement" not in rec["text"] and rec["text"].startswith("The crane accident")


def test_dates_absolute_and_relative():
    rec = one("The broadcasts began on August 10 and South Korea says they will continue. North Korea fired "
              "artillery yesterday. Officials met last week and again on Tuesday; earlier this month the "
              "army was put on alert. The law changed in 2014.", published="2015-08-21")
    got = {d["text"].removeprefix("on "): d["value"] for d in rec["dates"]}
    assert got.get("August 10") == "2015-08-10"
    assert got.get("yesterday") == "2015-08-20"
    assert got.get("last week") == "2015-W33"
    assert got.get("Tuesday") == "2015-08-18"
    assert any(v == "2015-08" for t, v in got.items() if "this month" in t)
    assert got.get("in 2014") == "2014"


def test_real_article_statements():
    [rec] = run(wikinews("en-012"))
    rows = said(rec)
    assert any(who == "Suleiman al-Amr" and c.startswith("All those who were wounded") for who, _, c in rows)
    assert sum(who == "Khaled Al-Maeena" for who, _, _ in rows) == 2  # the second quote stands alone


def test_mixed_batch_same_records():
    names = ["fr-001", "en-011", "fr-003", "en-012"]
    alone = {a.id: run(a)[0] for a in map(wikinews, names)}
    mixed = run(*map(wikinews, names))
    assert [r["id"] for r in mixed] == names
    for r in mixed:
        assert r == alone[r["id"]]
    assert [r["lang"] for r in mixed] == ["fr", "en", "fr", "en"]


@pytest.mark.parametrize("text,lang", [
    ("Presiden Joko Widodo mengatakan pada hari Selasa bahwa pemerintah akan membangun ibu kota baru "
     "di Kalimantan Timur dan memindahkan kementerian secara bertahap mulai tahun depan.", "id"),
    ("中国国家统计局周二公布的数据显示，今年第三季度国内生产总值同比增长百分之四点九，略高于市场预期。", "zh"),
])
def test_unsupported_language_is_an_error(text, lang):
    [rec] = run(Article(text=text, id="x"))
    assert rec == {"id": "x", "error": f"unsupported language: {lang}"} or rec["error"] == f"unsupported language: {lang}"


def test_officials_named_after_their_body_speak_for_it():
    # en-005 (Wikinews, CC BY 2.5): "Scientology officials went to the [...] station where
    # they claimed Montalvo allegedly left the organization": "they" are the officials,
    # who speak for Scientology (not Montalvo, the last person named).
    [rec] = run(wikinews("en-005"))
    names = {e["id"]: e["name"] for e in rec["entities"]}
    hits = [s for s in rec["statements"] if s["content"].startswith("Montalvo allegedly left")]
    assert hits and names.get(hits[0]["speaker"]) == "Scientology"
    # Residents of a place do not speak for the place.
    rec = one("Gaza residents said the shelling went on all night, and Israeli officials said it would go on.")
    assert all(s["speaker"] is None for s in rec["statements"] if s["speaker_text"] == "Gaza residents")


def test_nouns_before_and_after_a_name_give_its_type():
    # Written for this test. A vehicle, a work and an armed group the NER
    # types as a person or a place.
    t = types(one("The tanker Nordvik struck the pier. The horror film Dark Water opened in 2,000 theatres. "
                  "The militant group Boko Haram claimed the attack in Nigeria."))
    assert ("Nordvik", "MISC") in t and ("Dark Water", "MISC") in t and ("Boko Haram", "ORG") in t


def test_particles_and_founders_in_names():
    t = types(one("Ludwig van Beethoven wrote nine symphonies. The Gordon and Betty Moore Foundation "
                  "gave $5 million to the project."))
    assert ("Ludwig van Beethoven", "PER") in t
    assert ("Gordon and Betty Moore Foundation", "ORG") in t and ("Gordon", "PER") not in t


def test_units_and_common_acronyms_are_no_names():
    t = {name for name, _ in types(one("The launch took place at 11:02 UTC on Tuesday. Doctors said "
                                       "he had suffered a TIA."))}
    assert not {"UTC", "TIA", "Tuesday"} & t


def test_names_listed_with_companies_are_companies():
    t = types(one("Exhibitors such as Ubisoft, Microsoft and Sony showed new consoles."))
    assert ("Ubisoft", "ORG") in t


def test_events_named_by_their_last_word_are_not_scored():
    t = types(one("More than 200 players entered the Pacific Rim Gaming Championship in Vancouver."))
    assert not [n for n, ty in t if "Championship" in n and ty != "MISC"]


def test_owner_and_owned_in_one_span_are_split():
    # The NER takes "Paramount Pictures' Night Riders" as one name: the studio, then its film.
    t = types(one("Fans queued for hours to see Paramount Pictures' Night Riders on its opening night."))
    assert ("Paramount Pictures", "ORG") in t and not [n for n, _ in t if "'" in n]


def test_short_form_of_a_work_joins_it():
    rec = one("The thriller film Silent Harbor opens on Friday. Harbor is the first release of the year "
              "for the studio.")
    assert ("Silent Harbor", "MISC") in types(rec) and ("Harbor", "ORG") not in types(rec)


def test_a_hotel_is_a_place_by_its_last_word():
    assert ("Al-Rawda Hotel", "LOC") in types(one("Dozens were killed when the Al-Rawda Hotel near the old "
                                                   "market collapsed."))


def test_a_year_possessive_names_a_work():
    t = types(one("The actor has not had a box-office success since 1998's Silent Harbor, reviewers noted."))
    assert ("Silent Harbor", "MISC") in t


def test_the_name_of_a_church_of_x_joins_x():
    rec = one("The Church of Scientology denied the claims. A spokesman for Scientology said the video "
              "was edited.")
    assert len([e for e in rec["entities"] if "Scientology" in e["name"]]) == 1


def test_a_bracketed_translation_joins_the_name_and_a_bracketed_country_does_not():
    rec = one("Dozens died when the Al-Rawda Hotel near the Masjid Al-Aqsa (Holy Sanctuary) collapsed. "
              "The talks took place in Kiev (Ukraine) on Monday.")
    by = {e["name"]: e for e in rec["entities"]}
    assert "Holy Sanctuary" in by["Masjid Al-Aqsa"]["forms"]
    assert by["Ukraine"]["type"] == "LOC" and "Ukraine" not in by["Kiev"]["forms"]


def test_an_owned_name_before_a_product_noun_is_a_product():
    t = types(one("Google announced that its Android operating system now runs on over one billion devices. "
                  "Researchers published their findings in the journal Nature on Wednesday."))
    assert ("Android", "MISC") in t and ("Nature", "ORG") in t


def test_a_camel_case_name_is_no_person_and_a_numbered_product_is_owned():
    t = types(one("SpaceX launched its Falcon 9 rocket from Cape Canaveral on Friday."))
    assert ("SpaceX", "ORG") in t and not [n for n, ty in t if "Falcon" in n and ty != "MISC"]


def test_a_name_that_has_a_leader_is_a_body():
    t = types(one("The Greens' leader, Bob Brown, welcomed the announcement on Thursday."))
    assert ("Greens", "ORG") in t


def test_a_surname_joins_a_person_the_ner_typed_otherwise():
    rec = one("Serbian tennis player Novak Djokovic defeated Spain's Rafael Nadal in the final of the "
              "Australian Open in Melbourne on Sunday. Djokovic, 24, won in five sets. \"It was the toughest "
              "match of my life,\" Djokovic told reporters.")
    assert [e for e in rec["entities"] if e["name"] == "Novak Djokovic"][0]["forms"] == ["Novak Djokovic", "Djokovic"]
    assert "Djokovic" not in {e["name"] for e in rec["entities"]}


# --- second round: shapes seen in unseen press text (sentences written here) --

def test_clubs_by_their_last_word_and_by_a_score():
    rec = one("Harlow United beat Dunmore 2-0 on Saturday. Harlow United manager Peter Grange praised his "
              "players. Kestrel Athletic were held 1-1 by Dunmore Rovers at home.\nHarrowby 3-1 Fenwick")
    t = types(rec)
    assert {("Harlow United", "ORG"), ("Dunmore Rovers", "ORG"), ("Peter Grange", "PER")} <= t
    assert {("Harrowby", "ORG"), ("Fenwick", "ORG")} <= t


def test_the_name_a_role_in_an_organisation_hangs_on_is_the_organisation():
    rec = one("Adam Price, who was chief executive of Tilden Bread until May, left the board.")
    assert ("Tilden Bread", "ORG") in types(rec) and ("Adam Price", "PER") in types(rec)


def test_a_name_stops_at_a_place_preposition_and_the_next_is_the_place():
    rec = one("Dana Reyes, portfolio manager at Brook Hill Asset Management in Fairview, disagreed.")
    t = types(rec)
    assert ("Brook Hill Asset Management", "ORG") in t and ("Fairview", "LOC") in t


def test_a_head_noun_after_an_english_name_gives_its_type():
    rec = one("The Pelmar news agency said 12 people died. Pelmar later raised the toll. Floods hit coastal "
              "Tubagan town on Friday. Schools closed in Harlan, Crenshaw, Pike and Dewitt counties. The Texas "
              "company reported a profit.")
    t = types(rec)
    assert ("Pelmar", "ORG") in t and ("Tubagan", "LOC") in t and ("Texas", "LOC") in t
    assert {(n, "LOC") for n in ("Harlan", "Crenshaw", "Pike", "Dewitt")} <= t
    assert len([e for e in rec["entities"] if "Pelmar" in e["name"]]) == 1


def test_a_name_cut_in_two_a_nationality_before_a_place_and_a_day_after_a_name():
    rec = one("District Judge Rosa Berman Jackson ruled. The satellite flew from Kourou, French Guiana, on "
              "Tuesday night. The agency launched its Aurora Deep Space Telescope Sunday after delays.")
    t = types(rec)
    assert ("Rosa Berman Jackson", "PER") in t and not any(n == "Jackson" for n, _ in t)
    assert ("French Guiana", "LOC") in t
    assert not any("Sunday" in n for n, _ in t) and ("Aurora Deep Space Telescope", "MISC") in t


def test_the_plural_noun_before_such_as_types_the_list_after_it():
    rec = one("The chain will sell brands such as Hollis Tools, Brevard and Kenton Home. Defectors from the "
              "organization including Tom Lerner and Ann Coyle spoke out.")
    t = types(rec)
    assert not {n for n, k in t if k != "MISC"} & {"Hollis Tools", "Brevard", "Kenton Home"}
    assert ("Tom Lerner", "PER") in t and ("Ann Coyle", "PER") in t


def test_a_place_by_its_governor_and_a_ship_by_what_governs_it():
    rec = one("Murmansk's Acting Governor Ivan Petrov said so. Jane Holt, a governor of the Federal Reserve, spoke. "
              "The sinking of the Empress of Canada killed 800 people.")
    t = types(rec)
    assert ("Murmansk", "LOC") in t and ("Federal Reserve", "ORG") in t
    assert not {n for n, k in t if "Empress" in n and k != "MISC"}


def test_a_given_name_then_a_surname_is_a_person_not_an_organisation():
    rec = one("Panama's attempt in the 54th minute, by Michael Murillo, was saved by Thibaut Courtois. "
              "Martha Stewart and Joe Boxer brands from Kmart were sold.")
    t = types(rec)
    assert ("Thibaut Courtois", "PER") in t and ("Kmart", "ORG") in t


def test_an_unknown_bare_name_that_speaks_is_a_person_and_a_hyphened_head_types_a_place():
    rec = one("\"All officers are in the field, they are on the streets,\" Varek Solnik claimed on Sunday. "
              "The fire started at a warehouse in Muko Sub-county, Rubanda District.")
    t = types(rec)
    assert ("Varek Solnik", "PER") in t
    assert ("Muko Sub-county", "LOC") in t


def test_a_given_name_and_a_surname_the_ner_missed_are_a_person():
    rec = one("Governor Ana Ruiz thinks the budget will pass.")
    t = types(rec)
    assert ("Ana Ruiz", "PER") in t
    assert [s["speaker"] for s in rec["statements"]] == [ents(rec)["Ana Ruiz"]["id"]]


def test_a_capitalised_common_noun_opening_a_sentence_before_its_head_is_no_name():
    rec = one("Rescue officials estimated that about 300 people were still missing.")
    assert "Rescue" not in {e["name"] for e in rec["entities"]}
    assert [s["speaker_text"] for s in rec["statements"]] == ["Rescue officials"]


def test_a_quoted_title_a_people_and_a_region_after_a_city():
    # A name filling quotation marks is a work's title ("Road" would make it
    # a place), unless a noun before the quote types it; a people of no one
    # country is no name; a name after "in City," is the region it lies in.
    t = types(one('The festival opened on Tuesday with a screening of "The Long Road". The newspaper "The Sun" '
                  "reported the deal. The European manufacturer hired 300 people. Prime Minister Narendra Modi "
                  "opened the temple in Ayodhya, Uttar Pradesh, on Monday."))
    assert ("The Long Road", "LOC") not in t and ("Long Road", "LOC") not in t
    assert ("The Sun", "ORG") in t
    assert not any(name == "European" and kind != "MISC" for name, kind in t)
    assert ("Uttar Pradesh", "LOC") in t


def test_a_known_place_before_a_facility_noun_is_where_it_is():
    # "the Grangemouth refinery": the town, not a person the NER saw; a
    # company before the same noun stays a company.
    t = types(one("Workers at the Grangemouth refinery voted to strike. Stellantis will cut 1,100 jobs at its "
                  "Poissy plant. The Tesla factory near Berlin was closed."))
    assert ("Grangemouth", "LOC") in t and ("Poissy", "LOC") in t
    assert ("Tesla", "ORG") in t


def test_a_governor_names_a_person_the_ner_called_an_organisation():
    rec = one("Two people were wounded in the city, regional governor Oleh Kiper said on Telegram. "
              "\"The enemy again targeted our port,\" Kiper wrote.")
    by = ents(rec)
    assert by["Oleh Kiper"]["type"] == "PER" and by["Kiper"] is by["Oleh Kiper"]


def test_a_boss_or_a_manager_names_a_person():
    t = types(one("Villa boss Unai Emery praised his players. Club chairman Nassef Sawiris was in the stands."))
    assert ("Unai Emery", "PER") in t and ("Nassef Sawiris", "PER") in t


def test_a_person_by_an_apposed_role_with_a_nationality():
    # "an Iranian activist": the capitalised nationality is no stop for the
    # apposition that types the name before it.
    t = types(one("The prize was awarded to Narges Mohammadi, an Iranian activist jailed in Tehran."))
    assert ("Narges Mohammadi", "PER") in t


def test_a_branch_a_seat_and_an_unknown_given_name_join_their_names():
    # A country right after an organisation is its branch; "of" and a place
    # after a body's noun is its seat; a capitalised word after a role and a
    # comma is the given name of the person after it; a platform is an outlet.
    rec = one("Amnesty International Kenya said at least five people had been shot. Its executive director, "
              "Irungu Houghton, called for calm on Twitter. The Law Society of Kenya condemned the arrests.")
    ents = dict(types(rec))
    assert ents.get("Amnesty International Kenya") == "ORG" and ents.get("Law Society of Kenya") == "ORG"
    assert ents.get("Irungu Houghton") == "PER" and ents.get("Twitter") == "ORG"
    said = {s["content"]: s["speaker_text"] for s in rec["statements"]}
    assert said["at least five people had been shot"] == "Amnesty International Kenya"


def test_a_definite_apposition_the_parse_hangs_on_the_name_types_it():
    # "the maker of": a definite apposition the parse hangs on the name
    # types it (a definite subject after a comma stays a subject).
    ents = dict(types(one("Microsoft completed the acquisition of Activision Blizzard, the maker of Call of Duty, "
                          "on Friday.")))
    assert ents.get("Activision Blizzard") == "ORG"


def test_people_of_a_trade_at_a_name_work_there():
    # "analysts at X": the name is where they work, an organisation, and
    # they speak for it; "at" after no trade keeps a place a place.
    rec = one("Analysts at Moorgate estimate the strike could cost the airline about $40 million. "
              "Tourists at Lake Garda were stranded for hours.")
    ents = dict(types(rec))
    assert ents.get("Moorgate") == "ORG" and ents.get("Lake Garda") == "LOC"
    said = {s["content"]: (s["speaker_text"], s["speaker_sieve"]) for s in rec["statements"]}
    assert said["the strike could cost the airline about $40 million"] == ("Moorgate", "member-of")


def test_a_capitalised_link_inside_a_name_and_a_court_case():
    # "From" inside a title-case name does not cut it; two parties joined by
    # "v." name a case, no person.
    ents = dict(types(one("The ruling in Smith v. Jordan drew briefs from the Friends Against Hunger Foundation "
                          "and the Red Cross.")))
    assert ents.get("Friends Against Hunger Foundation") == "ORG"
    assert ents.get("Smith v. Jordan") in (None, "MISC") and not any(n.startswith("Smith") and t == "PER"
                                                                     for n, t in ents.items())


def test_a_city_and_a_plural_club_name_an_event_show_and_a_platform():
    ents = dict(types(one("The Denver Broncos lost on Sunday, and fans on Reddit blamed the coach. "
                          "Samsung will attend the Mobile Innovation Show in Seoul.")))
    assert ents.get("Denver Broncos") == "ORG" and "Denver" not in ents
    assert ents.get("Reddit") == "ORG" and ents.get("Mobile Innovation Show") in (None, "MISC")


def test_a_maker_named_before_its_product_stays_itself():
    # "Apple", then "the Apple Watch": the product does not absorb its
    # maker's mentions.
    rec = one("Apple unveiled a new phone on Monday. Analysts said demand for the Apple Watch remained strong.")
    ents = {e["name"]: e for e in rec["entities"]}
    assert "Apple" in ents and ents["Apple"]["type"] == "ORG"
    assert len(ents["Apple"]["mentions"]) == 1


def test_feasts_and_deities_are_no_person_organisation_or_place():
    ents = dict(types(one("Pilgrims prayed to Allah during Ramadan in Mecca. The temple of Poseidon in Sounion "
                          "drew tourists at Easter.")))
    assert not {n for n, t in ents.items() if t in ("PER", "ORG", "LOC") and n in ("Allah", "Ramadan", "Poseidon",
                                                                                   "Easter")}
    assert ents.get("Mecca") == "LOC"


def test_a_firm_cut_in_two_a_model_after_its_number_and_known_events():
    # "Lockheed Martin": the NER's organisation then person is one firm; a
    # name right after a model number is the model; ceremonies and
    # Brexit are no organisation or person.
    rec = one("Lockheed Martin said deliveries would resume. The Boeing 737 Max remains grounded. "
              "Brexit hurt exports, and the Oscars moved to March.")
    ents = dict(types(rec))
    assert ents.get("Lockheed Martin") == "ORG" and "Martin" not in ents
    assert ents.get("Max", "MISC") == "MISC" and ents.get("Brexit", "MISC") == "MISC"
    assert ents.get("Oscars", "MISC") == "MISC"
    assert [s["speaker_text"] for s in rec["statements"]] == ["Lockheed Martin"]


def test_a_subject_before_a_verb_of_saying_is_no_inverted_incise():
    rec = one("Google Maps now covers 220 countries, Sundar Pichai told Bloomberg.")
    [s] = rec["statements"]
    assert s["speaker_text"] == "Sundar Pichai" and s["content"] == "Google Maps now covers 220 countries"


def test_a_name_the_ner_missed_after_a_role_is_a_person():
    rec = one("Manager Mikel Arteta praised his team's character after the match.")
    assert dict(types(rec)).get("Mikel Arteta") == "PER"
    assert [s["speaker_text"] for s in rec["statements"]] == ["Mikel Arteta"]


def test_a_hyphenated_given_name_the_ner_cut_from_the_surname_joins_it():
    rec = one("Health Minister Jean-Jacques Muyembe Tamfum told reporters that the outbreak was contained.")
    assert dict(types(rec)).get("Jean-Jacques Muyembe Tamfum") == "PER"
    assert [s["speaker_text"] for s in rec["statements"]] == ["Jean-Jacques Muyembe Tamfum"]


def test_a_national_branch_of_a_body_is_no_person_and_a_grand_prix_is_an_event():
    # A person's name does not end with a country unless its first word is a
    # given name ("Michael Jordan"); "Grand Prix" closes an event's name.
    rec = one("Greenpeace Italy urged the government to stop building on flood plains. "
              "The Emilia Romagna Grand Prix was cancelled. Michael Jordan watched from Chicago.")
    ents = dict(types(rec))
    assert ents.get("Greenpeace Italy") == "ORG" and ents.get("Michael Jordan") == "PER"
    assert ents.get("Emilia Romagna Grand Prix", "MISC") == "MISC"


def test_evidence_nouns_of_bodies_a_plural_and_a_head_of_something():
    # "association", "body": bodies; "its ... assistant(s)": a product; "the
    # company's head of devices, X": the head of a compound role.
    rec = one("The farmers' association Coldiretti estimated the damage at one billion euros. "
              "The sport's governing body FIA cancelled the race. Amazon will add AI to its Alexa voice "
              "assistants. The company's head of devices, Panos Panay, showed the new laptop.")
    ents = dict(types(rec))
    assert ents.get("Coldiretti") == "ORG" and ents.get("FIA") == "ORG"
    assert ents.get("Alexa") == "MISC" and ents.get("Panos Panay") == "PER"


def test_a_maker_before_its_plural_products_stays_a_company():
    rec = one("Boeing jets were grounded after the crash, and Samsung phones sold well in India.")
    ents = dict(types(rec))
    assert ents.get("Boeing") == "ORG" and ents.get("Samsung") == "ORG"


def test_letters_after_a_name_are_no_name_and_leave_the_person_speaking():
    rec = one("Prosecutor Simon Grant KC told the court the nurse had lied. "
              "Keir Starmer MP said the vote would be close.")
    ents = dict(types(rec))
    assert "KC" not in ents and "MP" not in ents
    names = {e["id"]: e["name"] for e in rec["entities"]}
    assert [names.get(s["speaker"]) for s in rec["statements"]] == ["Simon Grant", "Keir Starmer"]


def test_a_spokesman_for_a_persons_surname_and_a_body_after_its_country():
    # "a spokesman for Johnson" speaks for Mike Johnson, a person; "the
    # Senate" after "the U.S. Senate" is the same body.
    rec = one("The U.S. Senate passed the bill on Wednesday. Speaker Mike Johnson said he would not bring it "
              "to a vote. A spokesman for Johnson, Raj Shah, declined to comment. The Senate adjourned.")
    ents = {e["name"]: e for e in rec["entities"]}
    assert ents["Mike Johnson"]["type"] == "PER" and "Johnson" in ents["Mike Johnson"]["forms"]
    assert "Senate" in ents["U.S. Senate"]["forms"] and "Senate" not in ents


def test_a_plural_name_after_the_article_is_a_team_not_a_person():
    rec = one("Goalkeeper Mary Earps saved a penalty, but the Lionesses could not find an equaliser.")
    ents = dict(types(rec))
    assert ents.get("Lionesses") == "ORG" and ents.get("Mary Earps") == "PER"


def test_a_second_name_after_an_alias_marker_and_a_country_before_its_army():
    rec = one("A quake struck western Nepal. Prime Minister Pushpa Kamal Dahal, also known as Prachanda, "
              "flew to the area. The Nepal Army deployed helicopters.")
    ents = {e["name"]: e for e in rec["entities"]}
    assert "Prachanda" in ents["Pushpa Kamal Dahal"]["forms"] and "Prachanda" not in ents
    assert ents["Nepal"]["type"] == "LOC" and ents["Nepal Army"]["type"] == "ORG"


def test_a_noun_between_two_names_splits_them_and_his_makes_a_person():
    # "Premier League club Arsenal": the NER's one span holds the league and
    # the club; "won his ... title": a person's possessive, so the NER's
    # organisation is a person, and the title's name is no place.
    rec = one("The Premier League club Arsenal signed the midfielder. "
              "Novak Djokovic won his 24th Grand Slam title at the US Open.")
    ents = dict(types(rec))
    assert ents.get("Premier League") == "ORG" and ents.get("Arsenal") == "ORG"
    assert ents.get("Novak Djokovic") == "PER" and ents.get("Grand Slam", "MISC") == "MISC"


def test_a_name_whose_shares_are_traded_is_a_company():
    rec = one("Shares of Nvidia rose 4% after the chipmaker reported record sales.")
    assert dict(types(rec)).get("Nvidia") == "ORG"


def test_two_names_of_one_plural_kind_noun_are_two_names():
    # "the Santo Spirito and Immacolata hospitals": two hospitals; but
    # "Procter and Gamble shares": one company's shares.
    ents = dict(types(one("The Santo Spirito and Immacolata hospitals were evacuated.", lang="en")))
    assert "Santo Spirito" in ents and "Immacolata" in ents and "Santo Spirito and Immacolata" not in ents
    assert "Procter and Gamble" in dict(types(one("Procter and Gamble shares fell sharply after the company cut "
                                                  "its sales forecast for the year.")))


def test_a_capitalised_role_after_a_comma_is_no_given_name():
    t = types(one("At the park, Mayor Matt Tuerk said the holiday was disrupted. Its executive director, "
                  "Irungu Houghton, said the report was late."))
    assert ("Matt Tuerk", "PER") in t and ("Irungu Houghton", "PER") in t and not any("Mayor" in n for n, _ in t)


def test_a_dateline_of_a_town_and_its_abbreviated_state_gives_no_entity_of_the_abbreviation():
    rec = one("WATERLOO, Ont. -- BlackBerry chief executive John Chen is frustrated by the reaction of investors. "
              "The head of BlackBerry zeroed in on the analysts. \"They are not listening,\" he said.")
    assert rec["source"]["dateline"] == "WATERLOO, Ont. --"
    assert not any(e["name"] == "Ont" for e in rec["entities"])
    chen = next(e["id"] for e in rec["entities"] if e["name"] == "John Chen")
    assert [s["speaker"] for s in rec["statements"]] == [chen]


def test_an_opening_verb_a_trailing_role_a_party_s_members_and_a_state_abbreviation_are_no_names():
    t = types(one("VANCOUVER, Wash. (AP) — Officials said the number of measles cases had increased. Sentencing "
                  "Jefferies, Judge Stephen Hopkins said court staff were abused. Clark County Council Chair Eileen "
                  "Quiring declared an emergency. Tory MPs will be given a free vote."))
    assert ("Jefferies", "PER") in t and ("Eileen Quiring", "PER") in t and ("Clark County Council", "ORG") in t
    assert not any(n in ("Wash.", "Wash", "Tory MPs", "Sentencing Jefferies") for n, _ in t)


def test_a_name_set_in_apposition_after_a_role_is_a_person_whatever_the_ner_read():
    t = types(one("The Lagos State Commissioner of Police, Fatai Owoseni, said five officers died.", lang="en"))
    assert ("Fatai Owoseni", "PER") in t


def test_a_capitalised_office_before_a_name_and_alone_later_is_the_person():
    rec = one("Treasurer Jim Chalmers says the budget will be tight. Asked about the decision, the Treasurer said "
              "he did not second guess the central bank.", lang="en")
    assert types(rec) == {("Jim Chalmers", "PER")}
    chalmers = rec["entities"][0]["id"]
    assert [s["speaker"] for s in rec["statements"]] == [chalmers, chalmers]


def test_a_country_owning_a_body_gives_its_country():
    rec = one("South Korea's National Intelligence Service said on Thursday that about 12,000 troops were in Russia.",
              lang="en")
    nis = next(e for e in rec["entities"] if e["name"] == "National Intelligence Service")
    assert nis["country"] == "KR"


def test_a_state_abbreviation_after_a_town_in_the_body_is_no_entity():
    rec = one("Chen spoke to reporters at the company's head office in Waterloo, Ont., after posting its results. "
              "He later flew to Allentown, Pa., for a meeting.", lang="en")
    assert not any(e["name"] in ("Ont", "Pa") for e in rec["entities"])


def test_a_short_form_that_begins_a_longer_name_and_a_span_of_titles_only():
    rec = one("ISLAMABAD: Federal Interior Minister, Chaudhry Nisar Ali Khan says Pakistan cannot be pressured by "
              "military force. Addressing a press conference, Chaudhry Nisar said both countries are nuclear capable. "
              "Spokesman Sgt. Mark Francis said the suspect was in custody.", lang="en")
    assert types(rec) >= {("Chaudhry Nisar Ali Khan", "PER"), ("Mark Francis", "PER")}
    assert not any(n in ("Chaudhry Nisar", "Spokesman Sgt") for n, _ in types(rec))


def test_a_person_named_right_after_a_body_in_one_span_is_cut_from_it():
    t = types(one("Bureau of Meteorology Kevin Parkyn said a wind change was very problematic.", lang="en"))
    assert ("Bureau of Meteorology", "ORG") in t and ("Kevin Parkyn", "PER") in t


def test_a_paragraphs_opening_adverb_is_no_part_of_the_name_after_it():
    # (the closing quotation mark after the full stop opens the next sentence for the segmenter)
    rec = one("Jacinda Ardern said the ban would be extended. She said the policy was \"not quite ready yet.\"\n\n"
              "Meanwhile Ardern defended the delays in forming the Government's vaping policy.", lang="en")
    assert not any(e["name"].startswith("Meanwhile") for e in rec["entities"])


def test_a_name_read_as_a_body_that_speaks_as_i_is_a_person():
    # (the small English model reads the bare surname as an organisation here)
    rec = one("Murray leads his series with Federer 8-7. But Federer won their finals at the 2008 U.S. Open. "
              "\"I'm aware that the tournament's not over yet,\" Federer said.", lang="en")
    assert ("Federer", "PER") in types(rec)


def test_title_words_before_a_given_name_are_no_part_of_the_name():
    t = types(one('"We take every threat seriously," Acting Superintendent Michael Barsky told reporters.'))
    assert ("Michael Barsky", "PER") in t and not any("Superintendent" in name for name, _ in t)


def test_a_name_ending_with_area_or_region_is_a_place():
    t = types(one("Visitors to the CN Tower and the Greater Toronto Area were warned on Thursday, police said."))
    assert ("Greater Toronto Area", "LOC") in t


def test_a_given_name_also_borne_by_a_small_place_still_makes_a_person():
    rec = one("British Columbia's health minister has urged people to get vaccinated.\n"
              "Adrian Dix says it's the responsibility of parents to protect their children.")
    assert ("Adrian Dix", "PER") in types(rec)
    assert {s["speaker_text"] for s in rec["statements"]} == {"Adrian Dix"}


def test_a_surname_misspelt_once_is_the_same_person():
    # Two letters swapped in a long surname: a typo, not someone new; a
    # surname merely alike (Johnson, Jonsson) stays another person.
    rec = one('The agency chief, K. Venkataraman, welcomed the launch on Sunday.\n'
              '"We reached the orbit we targeted," said Venkataramna.')
    assert [e["name"] for e in rec["entities"] if e["type"] == "PER"] == ["Venkataraman"]
    assert said(rec)[-1][0] == "Venkataraman"
    rec = one("Mark Johnson met Erik Jonsson in Oslo. Johnson said the talks went well. Jonsson agreed.")
    assert {e["name"] for e in rec["entities"] if e["type"] == "PER"} == {"Mark Johnson", "Erik Jonsson"}


def test_a_party_word_opening_a_sentence_is_no_part_of_the_name():
    t = types(one("Tory Ann-Marie Probert said the planters were a waste of money."))
    assert ("Ann-Marie Probert", "PER") in t


def test_an_order_to_someone_keeps_the_infinitive_the_parse_hung_on_the_verb():
    # "is warning officials ... to prepare": "to prepare" parsed as an adjunct
    # of "warning"; it is what was asked of them. A purpose clause is not.
    rec = one("The minister is warning health officials in the province to prepare for outbreaks.")
    assert said(rec) == [("The minister", "warn", "health officials in the province to prepare for outbreaks")]
    rec = one("The mayor criticized the plan in order to save money.")
    assert [c for _, _, c in said(rec)] == ["the plan"]


def test_capitalised_offices_are_no_persons_and_a_mayors_town_is_a_place():
    t = types(one("Dover councilors approved the harbour plan. Dover Mayor Ruth Blake had asked for a delay.\n"
                  "In a letter, Chief Medical Officer of Health Dr. Anil Mehta says that flu cases are rising."))
    assert ("Dover", "LOC") in t and ("Ruth Blake", "PER") in t and ("Anil Mehta", "PER") in t
    assert not [name for name, kind in t if kind == "PER" and ("Mayor" in name or "Officer" in name)]


def test_a_body_named_with_and_is_one_name():
    t = types(one("Pacific Dockers and Warehouse Union spokesman Craig Wood said the strike would go on. "
                  "France and European Union officials met on Monday."))
    assert ("Pacific Dockers and Warehouse Union", "ORG") in t
    assert ("France", "LOC") in t and ("European Union", "ORG") in t


def test_the_articles_own_pronoun_outweighs_the_given_name_table():
    # The table reads "Simone" as a woman's name; the article says "he", and
    # Simone Ferri is the one who spoke just before.
    rec = one("Simone Ferri, the acting mayor, has claimed victory in the city election.\n\n"
              "According to the election board, the alliance of his rival, former mayor Robert Kane, had 20 percent.\n\n"
              "\u201cThe people have given our party a mandate,\u201d Ferri said on Monday.\n\n"
              "\u201cWe already know that we won a convincing victory,\u201d he added.")
    assert said(rec)[-1] == ("Simone Ferri", "assert", "We already know that we won a convincing victory")


def test_initials_before_a_surname_and_a_full_name_misspelt_once_name_one_person():
    rec = one("India head coach for the tour V.V.S. Rathore has hailed the series win. The bowler Arjun Chakrapani "
              "made a big impact.\n\"Arjun Chakrapanni was outstanding with the ball,\" Rathore said.")
    persons = [e["name"] for e in rec["entities"] if e["type"] == "PER"]
    assert persons == ["V.V.S. Rathore", "Arjun Chakrapani"]
    assert said(rec)[-1][0] == "V.V.S. Rathore"


def test_an_acronym_of_a_names_words_after_its_place_is_that_name():
    rec = one("Two more cases were reported, according to the Orange County Department of Public Health. "
              "DPH says the patients are county residents.")
    [body] = [e for e in rec["entities"] if e["type"] == "ORG"]
    assert body["name"] == "Orange County Department of Public Health" and "DPH" in body["forms"]


def test_a_dateline_place_in_capitals_is_a_place_with_or_without_its_dash():
    for text in ("MILLBROOK, Calif. (AP) Authorities ordered hundreds of homes evacuated in MILLBROOK on Friday, "
                 "officials said. The fire near MILLBROOK grew overnight.",
                 "ST. LOUIS, Sept 4 (Reuters) - Police arrested 40 protesters on Thursday, police said."):
        rec = one(text)
        [place] = [e for e in rec["entities"] if e["mentions"][0][0] == 0]
        assert place["type"] == "LOC" and place["name"] in ("MILLBROOK", "ST. LOUIS")


def test_degrees_after_a_name_and_listed_places_are_no_bodies():
    t = types(one("\"The virus spreads by air,\" said Muntu Davis, MD, MPH, the county health officer. "
                  "Those rescued were landing at Catania, Palermo, Crotone, and Augusta in Sicily."))
    assert ("Muntu Davis", "PER") in t and not [n for n, _ in t if n in ("MD", "MPH")]
    assert {("Catania", "LOC"), ("Palermo", "LOC"), ("Crotone", "LOC")} <= set(t)


def test_an_abbreviated_title_says_who_a_description_is():
    # "Gov." gives Ann Porter the governor's office; the mayor who spoke in
    # between is not the governor.
    rec = one("Gov. Ann Porter told residents to leave now. \"Not tonight. Now,\" Porter said.\n"
              "Mayor Tom Hale said the shelters were open.\n"
              "\"The coast will see hurricane winds by noon,\" the governor said.")
    assert speaker_of(rec)["The coast will see hurricane winds by noon"] == "Ann Porter"


def test_a_dateline_with_its_country_and_a_company_by_its_legal_form():
    # "NEW YORK, USA:" is a dateline, not the subject; "Inc" ends a company's name.
    rec = one("NEW YORK, USA: Harbor Mobility Inc posted higher revenue, and said it may "
              "turn a profit in the second quarter.")
    names = {e["name"]: e["type"] for e in rec["entities"]}
    assert names.get("Harbor Mobility Inc") == "ORG"
    [said] = rec["statements"]
    assert said["speaker_text"] == "Harbor Mobility Inc"


def test_a_surname_tagged_once_is_the_person_where_the_ner_left_it_untagged():
    # The NER tags "Selvaraj" only in the last sentence; "L Selvaraj" (a bare
    # initial) and "Health authorities" (a word qualifying a noun) are told apart.
    rec = one("Minister of State for Broadcasting, L Selvaraj on Saturday said the funds were allocated.\n"
              "Health authorities said the clinics stay open.\n"
              "Selvaraj noted that Rs 9,151 crore was allocated for railway projects.")
    assert speaker_of(rec)["the funds were allocated"] == "L Selvaraj"
    assert "Health" not in {e["name"] for e in rec["entities"]}


def test_each_paragraph_of_a_quotation_re_opened_is_a_statement_of_its_speaker():
    # Written for this test: the convention of a long quotation, each
    # paragraph opened with a mark and only the last closed.
    rec = one("The club confirmed the signing on Friday.\n\nManager Tom Reeves said: “This is a great day for "
              "the club. We have followed him for years.\n\n“He is strong in the air and quick on the ball.\n\n"
              "“I am sure the fans will enjoy watching him.”\n\nThe player arrives on Monday.")
    assert speaker_of(rec) == {
        "This is a great day for the club. We have followed him for years.": "Tom Reeves",
        "He is strong in the air and quick on the ball.": "Tom Reeves",
        "I am sure the fans will enjoy watching him.": "Tom Reeves"}


def test_the_pronoun_of_a_clause_before_the_main_one_is_the_name_that_opens_it():
    # Written for this test: the name comes after the pronoun that stands for it.
    rec = one("Mayor Jack Brown opened the bridge on Monday. While she said the work was on schedule, "
              "Governor Paula Martin admitted delays.")
    assert speaker_of(rec)["the work was on schedule"] == "Paula Martin"
