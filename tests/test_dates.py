"""Time expressions and their resolution against the publication date.

The sentences are from French Wikinews articles (tests/data/wikinews, by
Wikinews contributors, CC BY 2.5) and from the founding article
(tests/data/seed.txt); the date in each call is the article's publication date
unless a test says otherwise.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from depeche.extract import dates


@pytest.fixture(scope="module")
def found(nlp_fr, lex_fr):
    """text, published -> {expression text: Date}, checking every span."""

    def run(text: str, published: str | None) -> dict:
        out = {}
        for d in dates.extract(nlp_fr(text), lex_fr, published):
            assert text[d.span[0]:d.span[1]] == d.text
            out.setdefault(d.text, d)
        return out

    return run


def values(found_dates: dict) -> dict:
    return {t: d.value for t, d in found_dates.items()}


def test_absolute_dates(found):
    got = values(found(
        "22 mai 2012. - Prévu initialement pour samedi dernier, le lancement a été reporté "
        "à la dernière seconde.", "2012-05-22"))
    assert got["22 mai 2012"] == "2012-05-22"
    got = values(found(
        "Dès 1976, il fit parler de lui lors du match éliminatoire Bulgarie – France.", "2012-06-16"))
    assert got == {"Dès 1976": "1976"}
    got = found(
        "Afin de pouvoir tenir ses engagements de retour du déficit public à 4,5 % du PIB à la fin "
        "de l'année 2012, le gouvernement français vient d'annoncer qu'il devra trouver 7,2 milliards "
        "d'euros supplémentaires.", "2012-07-04")
    (d,) = got.values()
    assert "la fin de l'année 2012" in d.text and d.value == "2012" and d.approx and d.granularity == "year"
    got = values(found(
        "Lors de son discours devant l'Assemblée nationale mardi 3 juillet, le premier ministre "
        "Jean-Marc Ayrault a revu à la baisse les prévisions de croissance en affirmant que le "
        "gouvernement ne prévoie plus qu'une croissance de 0,3 % pour 2012 (au lieu de 0,7 %) et de "
        "1,2 % pour 2013 (au lieu de 1,7 %).", "2012-07-04"))
    assert got == {"mardi 3 juillet": "2012-07-03", "pour 2012": "2012", "pour 2013": "2013"}
    got = found(
        "Une hausse en concordance avec les dernières crainte en matières d'emploi : suppression de "
        "5 122 postes à Air France d’ici à décembre 2015.", "2012-07-05")
    d = got["d’ici à décembre 2015"]
    assert (d.value, d.granularity, d.relation) == ("2015-12", "month", "until")
    got = values(found(
        "Le secrétaire général, encore en fonction jusqu'en mars 2013, demande au gouvernement "
        "des mesures.", "2012-07-05"))
    assert got == {"jusqu'en mars 2013": "2013-03"}
    got = values(found(
        "La victime est élève à l'école Ozar Hatorah à Toulouse, où Mohamed Merah a tué le 19 mars "
        "dernier trois enfants et un père de famille.", "2012-07-05"))
    assert got == {"le 19 mars dernier": "2012-03-19"}
    got = values(found(
        "Il conclura sa campagne lundi soir à Des Moines, dans l'Iowa, qui lui avait souri au début "
        "des primaires de 2008 face à Hillary Clinton.", "2012-11-02"))
    assert got["2008"] == "2008"
    got = values(found(
        "À Bordeaux, le précèdent record était de 38,7°C et datait du 21 août 1922.", "2012-08-19"))
    assert got == {"21 août 1922": "1922-08-21"}
    got = values(found(
        "Nous avons de quoi nous occuper avec le LHC jusqu'en 2030 ! L'existence du boson de Higgs "
        "a été émise en 1964 par les physiciens Robert Brout, François Englert et Peter Higgs.",
        "2012-07-04"))
    assert got == {"jusqu'en 2030": "2030", "en 1964": "1964"}


def test_month_alone_takes_the_year_from_the_clause(found):
    got = values(found(
        "À côté de ces hausses, on peut aussi noter une baisse d'impôt, en plus des autres baisses "
        "annoncées en mai par le gouvernement.", "2012-07-04"))
    assert got == {"en mai": "2012-05"}
    got = values(found(
        "D'après le ministère de l'Intérieur, les actes et menaces antisémites ont augmenté de 46 % "
        "entre janvier et avril par rapport à l'an dernier.", "2012-07-05"))
    assert got == {"janvier": "2012-01", "avril": "2012-04", "l'an dernier": "2011"}
    got = values(found(
        "La CGT estime à 75 000 le nombre d'emplois menacés, contre 45 000 au mois de mai.", "2012-07-05"))
    assert got == {"au mois de mai": "2012-05"}
    sentence = ("« Nous avons appris que les entreprises avaient embauché plus de personnes en octobre "
                "que lors de chacun des huit mois précédents » s'est réjoui le président Obama.")
    assert values(found(sentence, "2012-11-02")) == {"en octobre": "2012-10"}
    # A past clause and a month after the publication month: last year's.
    assert values(found(sentence, "2012-09-15")) == {"en octobre": "2011-10"}
    seed = ("Sergiy estime également que des milliers de soldats nord-coréens rejoindront les troupes "
            "russes pour combattre les troupes ukrainiennes en novembre.")
    assert values(found(seed, "2024-10-31")) == {"en novembre": "2024-11"}


def test_relative_days(found):
    got = values(found(
        "La fusée Falcon 9, développée par une société privée : SpaceX, a décollé sans problème ce "
        "matin à 7h44 UTC.", "2012-05-22"))
    assert got == {"ce matin": "2012-05-22"}
    got = values(found(
        "Un lycéen de 17 ans a été victime d'une agression hier soir dans un train ralliant Toulouse "
        "à Lyon, indique aujourd'hui les services de Manuel Valls.", "2012-07-05"))
    assert got == {"hier soir": "2012-07-04", "aujourd'hui": "2012-07-05"}
    got = values(found(
        "Elles ont manifesté hier dimanche et aujourd'hui pour dénoncer le projet de loi.", "2012-07-30"))
    assert got == {"hier dimanche": "2012-07-29", "aujourd'hui": "2012-07-30"}
    got = found(
        "Le journaliste et commentateur sportif Thierry Roland s'est éteint dans la nuit de vendredi "
        "à samedi à trois heures du matin, victime d'un AVC.", "2012-06-16")
    (d,) = got.values()
    assert "la nuit de vendredi à samedi" in d.text and d.value == "2012-06-16"
    got = values(found(
        "Ce samedi matin, la mère a accouché tandis que le couple roulait sur l'autoroute A20.",
        "2012-10-20"))
    assert got == {"Ce samedi matin": "2012-10-20"}
    got = values(found(
        "Les fortes températures présentes en France maintiennent l'alerte orange ce dimanche dans "
        "33 départements.", "2012-08-19"))
    assert got == {"ce dimanche": "2012-08-19"}
    got = values(found(
        "Le tandem aurait dû se reconstituer cette année lors de l'Euro 2012.", "2012-06-16"))
    assert got == {"cette année": "2012"}


def test_weekday_on_the_publication_day(found):
    got = values(found(
        "Barack Obama et Mitt Romney concentraient vendredi leurs efforts dans l'Ohio, Etat-clé qui "
        "pourrait décider de l'élection présidentielle américaine.", "2012-11-02"))
    assert got == {"vendredi": "2012-11-02"}


def test_weekday_in_the_past(found):
    got = values(found(
        "Chez Bouygues Telecom, la direction a confirmé mardi un plan de départs volontaires de 556 "
        "postes sur 9 800 salariés.", "2012-07-05"))
    assert got == {"mardi": "2012-07-03"}
    got = values(found(
        "La correspondante de la chaîne de télévision France 24 en Egypte, Sonia Dridi, affirme avoir "
        "été agressée sexuellement alors qu'elle se trouvait vendredi sur la place Tahrir du Caire.",
        "2012-10-20"))
    assert got == {"vendredi": "2012-10-19"}
    got = values(found("Prévu initialement pour samedi dernier, le lancement a été reporté.", "2012-05-22"))
    assert [v for t, v in got.items() if "samedi dernier" in t] == ["2012-05-19"]


def test_weekday_in_the_future(found):
    got = values(found(
        "Le président a prévu de revenir chaque jour jusqu'à lundi dans l'Ohio.", "2012-11-02"))
    assert got == {"jusqu'à lundi": "2012-11-05"}
    got = values(found(
        "La carte électorale est telle cette année que M. Romney doit presque impérativement "
        "remporter l'Ohio s'il souhaite déloger B. Obama de la Maison Blanche lors de l'élection "
        "de mardi.", "2012-11-02"))
    assert got == {"cette année": "2012", "mardi": "2012-11-06"}
    got = values(found("Il conclura sa campagne lundi soir à Des Moines, dans l'Iowa.", "2012-11-02"))
    assert got == {"lundi soir": "2012-11-05"}
    got = values(found(
        "Entre vendredi matin et lundi soir, B. Obama a prévu de visiter 14 villes dans huit Etats.",
        "2012-11-02"))
    assert got == {"vendredi matin": "2012-11-02", "lundi soir": "2012-11-05"}
    got = values(found(
        "Dans ces régions, cet épisode de forte chaleur pourrait durer jusqu'à mercredi.", "2012-08-19"))
    assert got == {"jusqu'à mercredi": "2012-08-22"}


SEED_SENTENCES = (
    "Plus tôt cette semaine, le ministère américain de la Défense a déclaré qu’un “petit nombre” de "
    "soldats nord-coréens avaient été déployés dans la région russe de Koursk, où les troupes "
    "ukrainiennes mènent une offensive terrestre depuis août dernier.\n"
    "Sergiy estime également que des milliers de soldats nord-coréens rejoindront les troupes russes "
    "pour combattre les troupes ukrainiennes en novembre.")


def test_week(found):
    got = found(SEED_SENTENCES, "2024-10-31")
    d = got["Plus tôt cette semaine"]
    assert (d.value, d.granularity, d.approx, d.mod) == ("2024-W44", "week", True, "early")
    got = values(found(
        "Tout en insistant sur le mauvais bilan économique du président Obama, le républicain a "
        "changé de ton la semaine dernière.", "2012-11-02"))
    assert got == {"la semaine dernière": "2012-W43"}


def test_since_last(found):
    got = found(SEED_SENTENCES, "2024-10-31")
    d = got["depuis août dernier"]
    assert (d.value, d.granularity, d.relation, d.relative) == ("2024-08", "month", "since", True)
    got = found(
        "Déjà au début du mois dernier, trois jeunes juifs portant la kippa avaient été agressés "
        "dans la banlieue de Lyon, à Villeurbane.", "2012-07-05")
    d = got["au début du mois dernier"]
    assert (d.value, d.approx, d.mod) == ("2012-06", True, "start")
    got = found(
        "À noter que depuis le début de l'année en Indonésie, le marché des cosmétiques à augmenter "
        "de 12,9 % par rapport à 2011.", "2012-11-07")
    assert values(got) == {"depuis le début de l'année": "2012", "2011": "2011"}
    assert got["depuis le début de l'année"].relation == "since"


def test_no_publication_date_gives_null_values(found):
    got = found(SEED_SENTENCES, None)
    assert set(got) == {"Plus tôt cette semaine", "depuis août dernier", "en novembre"}
    assert all(d.value is None and d.relative for d in got.values())
    assert got["depuis août dernier"].granularity == "month"
    # An absolute date needs no anchor.
    assert values(found("Dès 1976, il fit parler de lui.", None)) == {"Dès 1976": "1976"}


def test_seed_article(nlp_fr, lex_fr, seed_text):
    from depeche.clean import clean

    text = clean(seed_text, "fr").text
    got = dates.extract(nlp_fr(text), lex_fr, None)
    assert [d.text for d in got] == ["Plus tôt cette semaine", "depuis août dernier", "en novembre"]
    assert [d.value for d in got] == [None, None, None]
    got = dates.extract(nlp_fr(text), lex_fr, "2024-10-31")
    assert [d.value for d in got] == ["2024-W44", "2024-08", "2024-11"]


@pytest.mark.parametrize("text, published", [
    ("Deux cents rats ont été nourris pendant deux années, soit avec du maïs OGP NK603.", "2012-09-21"),
    ("La capsule restera 18 jours accrochée à la station.", "2012-05-22"),
    ("Le jeune souffre d'une interruption temporaire de travail de huit jours.", "2012-07-05"),
    ("L'agression a duré plusieurs minutes, avant qu'elle soit secourue.", "2012-10-20"),
    ("Thierry Roland s'est éteint à trois heures du matin, victime d'un AVC.", "2012-06-16"),
    ("La fusée a décollé à 7h44 UTC.", "2012-05-22"),
    ("Lors de la deuxième partie des années 1970, il fut présentateur vedette de Stade 2.", "2012-06-16"),
    ("Le tandem aurait dû se reconstituer lors de l'Euro 2012.", "2012-06-16"),
    ("Autre mesure : 88 % des héritages seront exonérés, contre 95 % actuellement.", "2012-07-04"),
    ("Les machines produisent depuis peu 500 références de produits de soins.", "2012-11-07"),
    ("Le groupe souhaite à long terme doubler sa clientèle actuelle d'un milliard d'individus.", "2012-11-07"),
    ("Quatre personnes ont été arrêtées et placées en détention ces derniers jours.", "2012-06-26"),
    ("Les observations des deux dernières années ont permis de découvrir une particule.", "2012-07-04"),
    ("Météo France prévoit que le record d’août sera battu dans la région Centre.", "2012-08-19"),
    ("Ils auraient piraté plus de 13 000 comptes bancaires pour plus de 3 millions d'euros.", "2012-06-26"),
])
def test_not_dates(found, text, published):
    assert found(text, published) == {}


def test_published_from():
    assert dates.published_from("22 mai 2012", "fr") == "2012-05-22"
    assert dates.published_from("21 septembre 2012", "fr") == "2012-09-21"
    assert dates.published_from("21 septembre 2012, France", "fr") == "2012-09-21"
    assert dates.published_from("1er juillet 2012", "fr") == "2012-07-01"
    assert dates.published_from("2012-05-22T08:30:00Z", "fr") == "2012-05-22"
    assert dates.published_from("Tue, 22 May 2012 10:00:00 GMT", "fr") == "2012-05-22"
    assert dates.published_from("12/07/2012", "fr") == "2012-07-12"
    for relative in ("plus tôt cette semaine", "août dernier", "hier", "mai 2012", "", None):
        assert dates.published_from(relative, "fr") is None


def test_dateline_date_of_the_clean_step():
    from depeche.clean import clean

    cleaned = clean("21 septembre 2012, France. - Selon une étude scientifique de l'université "
                    "de Caen, le risque augmente.", "fr")
    assert dates.published_from(cleaned.dateline_date, "fr") == "2012-09-21"


def test_code_holds_no_french_words(lex_fr):
    """Every French word is in lexicons/fr/dates.toml: the code's string
    literals (docstrings aside) name none of them."""
    import ast

    tree = ast.parse(Path(dates.__file__).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    literals = " ".join(node.value.lower() for node in ast.walk(tree)
                        if isinstance(node, ast.Constant) and isinstance(node.value, str)
                        and id(node) not in docstrings)
    table = lex_fr["dates"]
    words = list(table["months"]) + list(table["weekdays"]) + list(table["relative_days"])
    words += list(table["shifts"]) + list(table["prepositions"]) + table["this"]
    words = [w for w in words if len(w) > 2]  # not "en", also a language code
    found = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", literals)]
    assert found == []
