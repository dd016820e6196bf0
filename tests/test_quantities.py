"""The French quantities layer (depeche.extract.quantities).

The sentences come from the development articles of fr.wikinews.org (May–Dec
2012) listed in shared/eval/dev/SOURCES.md — Wikinews contributors, CC BY 2.5
(https://creativecommons.org/licenses/by/2.5/) — and from the founding article
samples/000_b8d7f4ff9823a7be.txt. A few are lightly altered to show one feature
(said where it is so).
"""
from __future__ import annotations

from pathlib import Path

import pytest

import depeche.lexicon
import depeche.nlp
from depeche.extract import quantities
from depeche.record import Quantity, VagueQuantity

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "000_b8d7f4ff9823a7be.txt"


@pytest.fixture(scope="session")
def nlp():
    return depeche.nlp.get("fr")


@pytest.fixture(scope="session")
def lex():
    return depeche.lexicon.load("fr")


@pytest.fixture(scope="session")
def run(nlp, lex):
    def _run(text: str) -> tuple[list[Quantity], list[VagueQuantity]]:
        doc = nlp(text)
        qs, vs = quantities.extract(doc, lex)
        for item in [*qs, *vs]:  # offsets index the text
            assert doc.text[item.span[0]:item.span[1]] == item.text
        for q in qs:
            assert q.statement is None
        return qs, vs
    return _run


def one(qs: list[Quantity], value) -> Quantity:
    found = [q for q in qs if q.value == value]
    assert len(found) == 1, (value, qs)
    return found[0]


def values(qs: list[Quantity]) -> list:
    return [q.value for q in qs]


# -- numbers --------------------------------------------------------------------

def test_digit_groups(run):
    # Sample article.
    qs, _ = run("Il estime qu’environ 12 000 soldats nord-coréens sont entraînés dans "
                "cinq endroits de l’est de la Russie, dont 500 officiers et trois généraux.")
    q = one(qs, 12000)
    assert q.approx and q.unit == "soldats nord-coréens"
    assert q.text == "environ 12 000 soldats nord-coréens"
    # The same sentence with the thousands written with a dot.
    qs, _ = run("Il estime qu’environ 12.000 soldats nord-coréens sont entraînés.")
    assert one(qs, 12000).unit == "soldats nord-coréens"
    # fr-021
    qs, _ = run("Chez Bouygues Telecom, la direction a confirmé mardi un plan de départs "
                "volontaires de 556 postes sur 9 800 salariés, tandis que SFR pourrait "
                "supprimer 1 000 postes.")
    assert values(qs) == [556, 9800, 1000]
    assert one(qs, 9800).unit == "salariés"


def test_decimals(run):
    # fr-031, fr-012
    qs, _ = run("A Bordeaux, le record pour la deuxième quinzaine d’août a été battu 39,1°C, "
                "le précèdent record était de 38,7°C et datait du 21 août 1922.")
    assert values(qs) == [39.1, 38.7]
    assert one(qs, 39.1).text == "39,1°C"
    assert "degrés" in one(qs, 39.1).unit
    qs, _ = run("Aujourd'hui, il y a 99,9999 % de chances que ces observations soient correctes.")
    assert one(qs, 99.9999).unit == "%"


def test_millions_and_billions(run):
    # fr-016, fr-008, fr-021, fr-046
    qs, _ = run("le gouvernement français vient d'annoncer qu'il devra trouver "
                "7,2 milliards d'euros supplémentaires.")
    q = one(qs, 7_200_000_000)
    assert q.unit == "euros" and q.text == "7,2 milliards d'euros"
    qs, _ = run("Le Parquet fédéral annonce que des hackers ont volé près de 3 millions "
                "d'euros par le truchement de banques électroniques.")
    q = one(qs, 3_000_000)
    assert q.approx and q.unit == "euros"
    qs, _ = run("de 1 000 à 4 000 emplois menacés chez le groupe Sanofi avec un plan "
                "d'économie de 2 000 000 000 € ;")
    assert one(qs, 2_000_000_000).unit == "euros"
    qs, _ = run("Vers deux milliards de clients\nLe groupe souhaite à long terme doubler sa "
                "clientèle actuelle d'un milliard d'individus.")
    assert one(qs, 2_000_000_000).unit == "clients"
    assert one(qs, 1_000_000_000).unit == "individus"


def test_percent(run):
    # fr-029, fr-016
    qs, _ = run("81% des Espagnols se disent contre ce projet de loi selon un sondage.")
    q = one(qs, 81)
    assert q.unit == "%" and q.text == "81%"
    qs, _ = run("53 % des nouveaux impôts porteront sur les ménages et 47 % sur les entreprises.")
    assert values(qs) == [53, 47]
    assert {q.unit for q in qs} == {"%"}


def test_negative(run):
    # fr-026
    qs, _ = run("ajoutée à une chute libre du titre en bourse (- 33 % pour le premier "
                "semestre 2012 et - 60 % en 2011).")
    assert values(qs) == [-33, -60]
    assert qs[0].text == "- 33 %"


def test_number_words(run):
    # fr-034, fr-001, fr-020, fr-012, sample
    qs, _ = run("Deux cents rats ont été nourris pendant deux années.")
    assert one(qs, 200).unit == "rats"
    assert one(qs, 2).unit == "années"
    qs, _ = run("Moins de quarante cinq minutes après le départ, la NASA indiquait.")
    q = one(qs, 45)
    assert q.approx and q.unit == "minutes"
    qs, _ = run("le jeune souffre d'une interruption temporaire de travail de huit jours.")
    assert one(qs, 8).unit == "jours"
    qs, _ = run("L'un des deux porte-parole des équipes scientifiques, Joe Incandela, a annoncé.")
    assert values(qs) == [2]
    assert qs[0].unit == "porte-parole"
    qs, _ = run("dans un des neuf moteurs du premier étage du lanceur.")
    assert values(qs) == [9]


def test_approximation_markers(run):
    # fr-001, fr-026, fr-008, fr-029, fr-020, fr-031
    cases = [
        ("la capsule Dragon se pose dans l’océan Pacifique, à 450 km environ des côtes "
         "américaines.", 450, "km"),
        ("PSA Peugeot Citroën va supprimer pas moins de 8 000 postes en France.", 8000, "postes"),
        ("ils auraient piraté plus de 13 000 comptes bancaires.", 13000, "comptes bancaires"),
        ("les femmes espagnoles peuvent avorter jusqu'à 14 semaines sur simple demande.",
         14, "semaines"),
        ("Les agresseurs ont été interpellés ; ils sont âgés d'environ 18 ans.", 18, "ans"),
        ("la perte s’élève à un montant proche de 700 000 euros.", 700000, "euros"),
    ]
    for text, value, unit in cases:
        qs, _ = run(text)
        q = one(qs, value)
        assert q.approx and q.unit == unit, (text, q)
    qs, _ = run("Quatre personnes ont été arrêtées.")
    assert not one(qs, 4).approx
    # "une trentaine" is about 30, not a vague amount (title of fr-031).
    qs, vs = run("Météo : une trentaine de départements français en vigilance orange.")
    q = one(qs, 30)
    assert q.approx and q.unit == "départements français" and not vs


def test_ranges(run):
    # fr-021, fr-031, fr-034
    qs, _ = run("de 1 000 à 4 000 emplois menacés chez le groupe Sanofi ; idem chez PSA où "
                "les syndicats craignent la suppression de 8 000 à 10 000 postes.")
    assert [(q.low, q.high, q.unit) for q in qs] == [
        (1000, 4000, "emplois menacés"), (8000, 10000, "postes")]
    assert qs[0].value == 1000 and qs[0].text == "1 000 à 4 000 emplois menacés"
    qs, _ = run("le nord-est du pays connaîtra des maximales de l’ordre de 37 à 38 degrés C.")
    q = qs[0]
    assert (q.value, q.low, q.high, q.approx) == (37, 37, 38, True)
    assert "degrés" in q.unit
    qs, _ = run("Il y a deux à trois fois plus de tumeurs chez les rats traités.")
    assert (qs[0].low, qs[0].high, qs[0].unit) == (2, 3, "fois")
    # "entre ... et ..." (fr-021 reworded)
    qs, _ = run("Les syndicats estiment qu'entre 8 000 et 10 000 postes seront supprimés.")
    assert (qs[0].low, qs[0].high, qs[0].unit) == (8000, 10000, "postes")
    assert qs[0].text.startswith("entre")


def test_units(run):
    # fr-004
    qs, _ = run("le nouveau gouvernement de coalition de 38 membres (17 ministres, "
                "14 secrétaires d'État, 7 vices-ministres et un porte-parole), qui récupère "
                "10 des 17 ministères.")
    units = {q.value: q.unit for q in qs if q.value != 17}
    assert units == {38: "membres", 14: "secrétaires d'État", 7: "vices-ministres",
                     10: "ministères"}
    assert 1 not in values(qs)  # "un porte-parole": an article
    # Unit inherited within a sentence (fr-046, fr-021).
    qs, _ = run("L'usine produira 200 millions de produits cosmétiques sur l'année 2013, "
                "avec une capacité qui pourra être portée à 300 millions et jusqu'« à "
                "500 millions à long terme ».")
    assert values(qs) == [200_000_000, 300_000_000, 500_000_000]
    assert {q.unit for q in qs} == {"produits cosmétiques"}
    assert qs[2].approx
    qs, _ = run("La CGT estime à 75 000 le nombre d'emplois menacés, contre 45 000 au mois de mai.")
    assert [(q.value, q.unit) for q in qs] == [(75000, "emplois menacés"), (45000, "emplois menacés")]
    # fr-012: measures
    qs, _ = run("une particule possédant une masse de 125 GeV, soit une masse correspondant "
                "à 133 fois celle d'un proton.")
    assert [(q.value, q.unit) for q in qs] == [(125, "GeV"), (133, "fois")]


def test_durations_and_ages(run):
    # fr-020, fr-001
    qs, _ = run("Un lycéen de 17 ans a été victime d'une agression hier soir.")
    assert [(q.value, q.unit) for q in qs] == [(17, "ans")]
    qs, _ = run("La capsule restera 18 jours accrochée à la station. Elle transporte 521 kg "
                "de matériel pour l’ISS et doit en ramener 660 kg.")
    assert [(q.value, q.unit) for q in qs] == [(18, "jours"), (521, "kg"), (660, "kg")]


# -- what is not a quantity -----------------------------------------------------

def test_years_excluded(run):
    # fr-003, fr-043
    qs, _ = run("Dès 1976, il fit parler de lui. En 1998, il obtint la consécration en "
                "commentant la finale de la Coupe du Monde de football en 1998. Lors de la "
                "deuxième partie des années 1970, il fut présentateur.")
    assert qs == []
    qs, _ = run("l'Iowa, qui lui avait souri au début des primaires de 2008 face à Hillary Clinton.")
    assert qs == []


def test_dates_excluded(run):
    # fr-001, fr-021, fr-020, fr-031
    qs, _ = run("22 mai 2012. - Prévu initialement pour samedi dernier, le lancement a été reporté.")
    assert qs == []
    qs, _ = run("La CGT tiendra les 9 et 10 juillet une conférence sociale.")
    assert qs == []
    qs, _ = run("à Toulouse, où Mohamed Merah a tué le 19 mars dernier trois enfants et un "
                "père de famille.")
    assert [(q.value, q.unit) for q in qs] == [(3, "enfants")]
    qs, _ = run("le précèdent record datait du 21 août 1922.")
    assert qs == []


def test_times_excluded(run):
    # fr-001, fr-003
    qs, _ = run("La fusée Falcon 9 a décollé sans problème ce matin à 7h44 UTC.")
    assert qs == []
    qs, _ = run("Thierry Roland s'est éteint dans la nuit de vendredi à samedi à trois heures "
                "du matin, victime d'un AVC.")
    assert qs == []


def test_ordinals_excluded(run):
    # fr-034, fr-001
    qs, _ = run("« Le premier mâle nourri aux OGM meurt un an avant le premier témoin. Au "
                "17ème mois, on observe cinq fois plus de mâles morts », a-t-il précisé.")
    assert [(q.value, q.unit) for q in qs] == [(5, "fois")]
    qs, _ = run("C'est une première, et la deuxième mission le 1er juin.")
    assert qs == []


def test_names_excluded(run):
    # fr-001, fr-037, fr-003, fr-036, fr-034
    texts = [
        "Le lanceur a décollé du site de lancement du pas de tir 40 (SLC-40) de la base de "
        "Cape Canaveral, autrefois utilisé pour les fusées Titan III et IV.",
        "Falcon 9 emporte avec lui la capsule Dragon.",
        "La correspondante de la chaîne de télévision France 24 en Egypte, Sonia Dridi.",
        "il fut présentateur vedette de Stade 2, puis migra vers TF1.",
        "Le tandem aurait dû se reconstituer lors de l'Euro 2012.",
        "la mère a accouché tandis que le couple roulait sur l'autoroute A20.",
        "soit avec du maïs OGP NK603, soit avec du Roundup, thème du G20.",
        "Le groupe de cosmétique français, numéro un mondial, a inauguré mercredi 7 novembre "
        "sa plus grande usine.",
    ]
    for text in texts:
        qs, _ = run(text)
        assert qs == [], (text, qs)


def test_articles_and_pronouns_excluded(run):
    # fr-012, fr-001
    qs, _ = run("L'un des points centraux du programme était l'annulation des mémorandums.")
    assert qs == []
    qs, _ = run("la capsule et le lanceur ont tous deux été mis au point par la société SpaceX.")
    assert qs == []


# -- vague amounts --------------------------------------------------------------

def test_vague(run):
    # sample
    qs, vs = run("le ministère américain de la Défense a déclaré qu’un “petit nombre” de "
                 "soldats nord-coréens avaient été déployés dans la région russe de Koursk.")
    assert qs == []
    assert [(v.magnitude, v.unit) for v in vs] == [("few", "soldats nord-coréens")]
    qs, vs = run("Sergiy estime également que des milliers de soldats nord-coréens "
                 "rejoindront les troupes russes.")
    assert qs == [] and [(v.magnitude, v.unit) for v in vs] == [("thousands", "soldats nord-coréens")]
    # fr-012, fr-001, fr-036, fr-008, fr-029
    cases = [
        ("le boson va permettre de poursuivre les recherches pendant plusieurs années.",
         "several", "années"),
        ("la capsule Dragon qui devrait, dans quelques jours, être arrimée à l'ISS.", "few", "jours"),
        ("la maternité a été fermée malgré les mises en garde de nombreux médecins.",
         "many", "médecins"),
        ("Et dans énormément de cas, on sait encore récupérer une partie de l’argent.",
         "many", "cas"),
        ("beaucoup ont peur que ce projet conduise vers l'interdiction.", "many", None),
    ]
    for text, magnitude, unit in cases:
        qs, vs = run(text)
        assert qs == [] and [(v.magnitude, v.unit) for v in vs] == [(magnitude, unit)], text


def test_quelques_before_a_number_is_approx(run):
    # fr-001 reworded
    qs, vs = run("La capsule transporte quelque 521 kg de matériel.")
    assert vs == [] and one(qs, 521).approx


# -- the founding article -------------------------------------------------------

def test_founding_article(run):
    qs, vs = run(SAMPLE.read_text(encoding="utf-8"))
    assert [(q.value, q.unit, q.approx) for q in qs] == [
        (12000, "soldats nord-coréens", True),
        (5, "endroits", False),
        (500, "officiers", False),
        (3, "généraux", False),
    ]
    assert [(v.magnitude, v.unit) for v in vs] == [
        ("few", "soldats nord-coréens"), ("thousands", "soldats nord-coréens")]
    assert "petit nombre" in vs[0].text and vs[1].text.startswith("des milliers")


def test_lexicon_compiled_once(lex, monkeypatch):
    calls = []
    real = quantities._compile
    monkeypatch.setattr(quantities, "_compile", lambda q: calls.append(1) or real(q))
    fresh = dict(lex)  # a lexicon object the cache has not seen
    doc = depeche.nlp.get("fr")("Il y a 12 000 soldats et 3 généraux.")
    quantities.extract(doc, fresh)
    quantities.extract(doc, fresh)
    assert calls == [1]


def test_no_lexicon_no_quantities(nlp):
    assert quantities.extract(nlp("Il y a 12 000 soldats."), {}) == ([], [])


# -- English: the same code path, English lexicon ----------------------------------
# Invented news-style sentences, one shape per test.

@pytest.fixture(scope="session")
def run_en():
    nlp, lex = depeche.nlp.get("en"), depeche.lexicon.load("en")

    def _run(text: str) -> list[Quantity]:
        doc = nlp(text)
        qs, _ = quantities.extract(doc, lex)
        for q in qs:
            assert doc.text[q.span[0]:q.span[1]] == q.text
        return qs
    return _run


def units(qs: list[Quantity]) -> dict:
    return {q.value: q.unit for q in qs}


def test_en_number_glued_to_a_word_by_a_hyphen(run_en):
    qs = run_en("Police questioned a 14-year-old girl after a 30-minute chase, and a seven-member "
                "jury heard how a three-nation alliance saw exports make a 12-fold rise.")
    assert units(qs) == {14: "year-old", 30: "minute", 7: "member", 3: "nation", 12: "fold"}
    # a capital or short word after the hyphen names something
    assert run_en("The studio released a 3-D version.") == []


def test_en_year_shaped_number_before_a_measure(run_en):
    qs = run_en("Villagers keep a 1500 year old custom and restored a 2000-year-old bridge.")
    assert sorted((q.value, q.unit) for q in qs) == [(1500, "year"), (2000, "year-old")]
    assert run_en("In 2000 the bridge was restored.") == []


def test_en_article_before_a_scale_word(run_en):
    qs = run_en("Organisers expect more than a thousand visitors; a million people watched online.")
    assert one(qs, 1000).approx and one(qs, 1000).unit == "visitors"
    assert one(qs, 1000).text == "more than a thousand visitors"
    assert one(qs, 1_000_000).unit == "people"


def test_en_counted_noun_after_compounds(run_en):
    qs = run_en("The ministry sent over 5,000 security personnel, and one Arsenal defender was hurt.")
    assert one(qs, 5000).unit == "security personnel" and one(qs, 5000).approx
    assert one(qs, 1).unit.endswith("defender")


def test_en_one_of_is_no_count_but_three_of_is(run_en):
    assert run_en("One of the pumps broke down overnight.") == []
    qs = run_en("Four of the city's \"water trucks\" stood idle.")
    assert units(qs) == {4: "water trucks"}


def test_en_numbers_listed_after_a_label(run_en):
    qs = run_en("Twelve shells hit the road and others fell near posts 14 and 15.")
    assert units(qs) == {12: "shells"}


def test_en_numbers_listed_before_one_with_a_unit(run_en):
    qs = run_en("Hospitals reported 5, 6 and 8 deaths on successive days.")
    assert sorted((q.value, q.unit) for q in qs) == [(5, "deaths"), (6, "deaths"), (8, "deaths")]


def test_en_bare_number_after_a_casualty_verb(run_en):
    qs = run_en("The explosion killed 23 or more and injured 140, the ministry said.")
    assert units(qs) == {23: "people killed", 140: "people injured"}
    assert one(qs, 23).approx and not one(qs, 140).approx
    qs = run_en("Four were arrested at the border.")  # the passive
    assert units(qs) == {4: "people arrested"}


def test_en_bare_number_after_of_counts_the_noun_before(run_en):
    qs = run_en("Pupils worked in groups of five.")
    assert units(qs) == {5: "groups"}


def test_en_bare_number_said_of_a_count_noun(run_en):
    qs = run_en("The death toll now stands at more than 300.")
    assert units(qs) == {300: "death toll"} and one(qs, 300).approx
    qs = run_en("The number of missing has risen to 41.")
    assert units(qs) == {41: "missing"}
    # a demonstrative points back to what was counted before
    qs = run_en("About 9,000 fans came. Organisers say that figure is nearer to 12,000.")
    assert units(qs) == {9000: "fans", 12000: "fans"} and one(qs, 12000).approx


def test_en_fractions(run_en):
    qs = run_en("Almost half the workforce left after two-thirds of the board resigned and "
                "a quarter of the budget was frozen.")
    assert sorted((round(q.value, 3), q.unit) for q in qs) == [
        (0.25, "budget"), (0.5, "workforce"), (0.667, "board")]
    assert one(qs, 0.5).approx
    qs = run_en("The works took two and a half years; half a million people and half a dozen "
                "ministers came.")
    assert sorted((q.value, q.unit) for q in qs) == [(2.5, "years"), (6, "ministers"),
                                                    (500_000, "people")]
    assert [(round(q.value, 3), q.unit) for q in run_en("The bill needs a two-thirds majority.")] \
        == [(0.667, "majority")]
    # an ordinal, a half of a match
    assert run_en("She won a third term in the second half of the year.") == []


def test_en_ages_without_a_unit(run_en):
    qs = run_en("Jane Doe, 52, was charged on Monday; the driver, aged 19, was released.")
    assert units(qs) == {52: "years old", 19: "years old"}


def test_en_measure_after_an_adjective_is_no_unit_of_a_large_number(run_en):
    qs = run_en("The fair drew 4,000 visitors, up from 3,000 last year.")
    assert units(qs) == {4000: "visitors", 3000: "visitors"}


def test_en_scale_letter_split_from_its_digits(run_en):
    qs = run_en("The charity raised £3m from 1.2m members and built a 100m track.")
    assert sorted((q.value, q.unit) for q in qs) == [(100, "m"), (1_200_000, "members"),
                                                    (3_000_000, "pounds")]


def test_en_listed_number_with_its_own_adjective(run_en):
    qs = run_en("The army has 3,000 active and 500 reserve soldiers.")
    assert units(qs) == {3000: "active soldiers", 500: "reserve soldiers"}


def test_en_approximation_hyphened_onto_the_number(run_en):
    qs = run_en("Some 1,000-plus runners and 100-odd volunteers took part.")
    assert units(qs) == {1000: "runners", 100: "volunteers"}
    assert all(q.approx for q in qs)


def test_en_bare_one_is_a_pronoun(run_en):
    qs = run_en("The two leaders greeted one another, and the court ruled by a majority of one.")
    assert units(qs) == {2: "leaders"}


def test_en_bare_number_is_a_plural_noun(run_en):
    qs = run_en("Of the passengers, 31 were pilgrims and nine were crew members.")
    assert units(qs) == {31: "pilgrims", 9: "members"}


def test_en_plural_name_after_a_number_is_counted(run_en):
    qs = run_en("The film won three Oscars last night.")
    assert units(qs) == {3: "Oscars"}


def test_en_adjective_standing_for_people(run_en):
    qs = run_en("The landslide left 14 dead and 22 injured, and 9 injured workers were flown out.")
    assert sorted((q.value, q.unit) for q in qs) == [(9, "workers"), (14, "dead"), (22, "injured")]


# -- second round: shapes found in unseen press text (sentences invented) -------------

def test_en_scaled_decimal_is_the_value_as_written(run_en):
    qs = run_en("Revenue reached €16.9 billion and costs $1.4 million.")
    assert {q.value for q in qs} == {16_900_000_000, 1_400_000}


def test_en_scale_and_unit_glued_to_digits(run_en):
    qs = run_en("The council pledged £42billion, shares fell 36p to 1,287.5p and it was 38C.")
    assert sorted((q.value, q.unit) for q in qs) == [
        (36, "pence"), (38, "degrees Celsius"), (1287.5, "pence"), (42_000_000_000, "pounds")]
    # a scale letter the tokenizer took with the sentence's final period
    assert [(q.value, q.unit) for q in run_en("The museum cost $320m.")] == [(320_000_000, "dollars")]
    assert [(q.value, q.unit) for q in run_en("They agreed a $7-million deal.")] \
        == [(7_000_000, "dollars")]


def test_en_days_of_a_range_after_their_month(run_en):
    qs = run_en("The survey questioned 812 adults Nov. 3-9 and Dec. 1, 2 and 5.")
    assert units(qs) == {812: "adults"}


def test_en_clock_time_after_an_approximation(run_en):
    qs = run_en("The ferry with 120 passengers sank at about 4 a.m. near the coast.")
    assert units(qs) == {120: "passengers"}


def test_en_number_after_a_label_noun(run_en):
    qs = run_en("It grew from a category 2 storm into a phase 3 alert over 12 hours.")
    assert units(qs) == {12: "hours"}


def test_en_noun_the_number_qualifies_past_its_modifiers(run_en):
    qs = run_en("They sent 14 search and rescue dogs, 30 mobile medical teams, three U.N. "
                "envoys and 18 badly burned patients; 212 new flu19 cases were logged.")
    assert units(qs) == {14: "search and rescue dogs", 30: "teams",
                         3: "U.N. envoys", 18: "patients", 212: "flu19 cases"}
    # a bare noun modifier the parser hangs the number on
    qs = run_en("The first of 40 disaster relief units landed.")
    assert units(qs) == {40: "disaster relief units"}


def test_en_possessive_inside_a_partitive(run_en):
    qs = run_en("Three of our nurses and two of the hospital's four ambulances were hit.")
    assert sorted((q.value, q.unit) for q in qs) == [
        (2, "ambulances"), (3, "nurses"), (4, "ambulances")]
    qs = run_en("The club won 9 of its last 11 matches.")
    assert units(qs)[9] == "matches"


def test_en_all_before_a_number_still_counts(run_en):
    assert units(run_en("All nine lifeboats were launched.")) == {9: "lifeboats"}


def test_en_subject_of_an_intransitive_casualty_verb(run_en):
    qs = run_en("Another 2,410 died in the northern provinces.")
    assert units(qs) == {2410: "people dead"}


def test_en_count_noun_the_number_is_brought_to(run_en):
    qs = run_en("Officials revised the flood toll to 3,214 on Friday.")
    assert units(qs) == {3214: "flood toll"}
    qs = run_en("A doctor put the number of injured at 75.")
    assert units(qs) == {75: "injured"}
    qs = run_en("The agency reported a casualty toll of more than 9,000.")
    assert units(qs) == {9000: "casualty toll"} and one(qs, 9000).approx
    # a bare total says nothing, the noun counted before it does
    qs = run_en("The number of jobless workers rose by 80,000, bringing the total to 2.3 million.")
    assert units(qs) == {80000: "workers", 2_300_000: "workers"}
    qs = run_en("A total of 65 were killed across the region.")
    assert units(qs) == {65: "people killed"}


def test_en_sentence_opening_partitive(run_en):
    qs = run_en("Of the victims, 212 were found in the old town.")
    assert units(qs) == {212: "victims"}


def test_en_part_of_the_quantity_before(run_en):
    qs = run_en("The crash left 6 dead and 58 injured, including 11 in a serious condition.")
    assert units(qs) == {6: "dead", 58: "injured", 11: "injured"}


def test_en_what_a_count_noun_counts_up_to_an_adjective(run_en):
    qs = run_en("The number of those wounded climbed to 640.")
    assert units(qs) == {640: "those wounded"}
    qs = run_en("The blast pushed to 31 the number of confirmed dead.")
    assert units(qs) == {31: "confirmed dead"}


def test_en_plural_without_plural_ending(run_en):
    qs = run_en("The air force lost four aircraft and 300 sheep died in the fire.")
    assert units(qs) == {4: "aircraft", 300: "sheep"}


def test_en_units_of_area_speed_and_data(run_en):
    qs = run_en("Fire swept 4,300 sq. km, winds hit 95 km/h and the leak exposed 3 MB of files.")
    assert sorted((q.value, q.unit) for q in qs) == [
        (3, "MB"), (95, "km/h"), (4300, "square kilometres")]


def test_en_adjectives_that_stand_for_people(run_en):
    qs = run_en("The outage left some 84,000 affected, and 12 dead or injured miners were found.")
    assert units(qs) == {84000: "affected", 12: "miners"}


def test_en_hyphened_fraction_is_no_unit(run_en):
    qs = run_en("Nearly one-third of those polled said so.")
    assert all(q.unit != "third" for q in qs)


def test_en_marker_after_a_number_that_opens_the_next(run_en):
    qs = run_en("The riots left 9 dead and more than 70 hurt.")
    assert not one(qs, 9).approx and one(qs, 70).approx
    qs = run_en("The queue reached 400 people or more.")
    assert one(qs, 400).approx


def test_en_ages_after_age_and_in_apposition(run_en):
    qs = run_en("The pilot, 47, and his co-pilot, age 39, survived.")
    assert units(qs) == {47: "years old", 39: "years old"}


def test_en_scales_fractions_and_approximate_nouns(run_en):
    qs = run_en("The star lies 2.3 billion light-years away and formed a hundred million years "
                "after the others.")
    assert units(qs) == {2_300_000_000: "light-years", 100_000_000: "years"}
    qs = run_en("Three dozen guards and a half-dozen dogs patrol a half-million acres.")
    assert sorted((q.value, q.unit, q.approx) for q in qs) == [
        (6, "dogs", True), (36, "guards", True), (500_000, "acres", False)]


def test_en_no_list_ends_on_a_comma(run_en):
    qs = run_en("In the 1,500, 24-year-old Mira Holt took bronze.")
    assert units(qs) == {24: "year-old"}


def test_en_n_of_them_inherits_no_money(run_en):
    qs = run_en("Seats cost $80, and the club sold 9,000 of them.")
    assert units(qs) == {80: "dollars"}
    qs = run_en("Rescuers found seven climbers, three of them injured.")
    assert units(qs) == {7: "climbers", 3: "climbers"}


def test_en_strong_change_and_level(run_en):
    qs = run_en("A 4,000-strong crowd waited as the toll rose by 6 to 41, and 5 to 7 trained "
                "divers searched.")
    assert units(qs) == {4000: "crowd", 6: "toll", 41: "toll", 5: "divers"}
    assert one(qs, 5).high == 7


def test_en_grouped_thousands_are_no_name(run_en):
    qs = run_en("Chile counted 12,400 cases and Peru 9,850.")
    assert units(qs) == {12400: "cases", 9850: "cases"}
    assert run_en("The Boeing 777 landed safely.") == []


# French: the same shapes, French lexicon

def test_fr_part_of_the_no_smaller_quantity_before(run):
    qs, _ = run("L'accident a fait 4 morts et 35 blessés, dont 9 grièvement atteints.")
    assert {q.value: q.unit for q in qs} == {4: "morts", 35: "blessés", 9: "blessés"}


def test_fr_casualty_verbs(run):
    qs, _ = run("Trois ont été blessés lors des heurts. Au total, 640 sont morts.")
    assert {q.value: q.unit for q in qs} == {3: "blessés", 640: "morts"}


def test_fr_mille_alone_and_fractions(run):
    qs, _ = run("Mille logements seront construits et les trois quarts des élus ont voté pour.")
    assert sorted((q.value, q.unit) for q in qs) == [(0.75, "élus"), (1000, "logements")]


def test_fr_count_nouns_that_point_back(run):
    qs, _ = run("Les organisateurs annoncent 40.000 participants, contre une estimation de "
                "25.000 la veille.")
    assert {q.value: q.unit for q in qs} == {40000: "participants", 25000: "participants"}
    qs, _ = run("Le nombre des sinistrés est passé à 8 200.")
    assert {q.value: q.unit for q in qs} == {8200: "sinistrés"}


def test_fr_noun_after_an_opening_quotation_mark(run):
    qs, _ = run("Les gardes ont entendu trois « tirs nourris » vers minuit.")
    assert {q.value: q.unit for q in qs} == {3: "tirs nourris"}


def test_fr_markers_after_a_number(run):
    qs, _ = run("Le séisme a fait 12 morts et plus de 80 blessés ; il reste 20 jours ou plus.")
    assert not one(qs, 12).approx and one(qs, 80).approx and one(qs, 20).approx


def test_fr_bracketed_aside_passes_on_no_unit(run):
    qs, _ = run("Le club a inscrit 64 buts à domicile (58 %), 46 à l'extérieur.")
    assert {q.value: q.unit for q in qs} == {64: "buts", 58: "%", 46: "buts"}


def test_a_measure_named_before_its_number(run):
    # "de magnitude 6,2": the measure comes first, and no label it is ("niveau 3").
    qs, _ = run("Un séisme de magnitude 6,2 a frappé la région, puis une réplique de magnitude 5 "
                "a été ressentie. L'alerte est passée au niveau 3.")
    assert one(qs, 6.2).unit == "magnitude" and one(qs, 5).unit == "magnitude"
    assert 3 not in values(qs)
    en = depeche.nlp.get("en")
    qs, _ = quantities.extract(en("A magnitude 7.1 earthquake struck the coast."), depeche.lexicon.load("en"))
    assert [(q.value, q.unit) for q in qs] == [(7.1, "magnitude")]


def test_a_bare_number_counts_what_an_alike_number_counted_in_the_sentence_before(run):
    # Same order of magnitude, the sentence just before, no noun after it; a
    # year or a far smaller number stays out.
    en = depeche.nlp.get("en")
    qs, _ = quantities.extract(en("The company delivered 386,810 vehicles in the quarter. Analysts had expected "
                                  "about 449,000. It was founded in 2003."), depeche.lexicon.load("en"))
    assert one(qs, 449000).unit == "vehicles" and 2003 not in values(qs)
    qs, _ = run("Le salon a accueilli 12 400 visiteurs cette année. Les organisateurs en espéraient 15 000. "
                "Il ouvrira à nouveau en 2026.")
    assert one(qs, 15000).unit == "visiteurs" and 2026 not in values(qs)
