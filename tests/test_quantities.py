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
