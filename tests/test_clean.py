"""Cleaning: boilerplate out with a reason, dateline/byline/hashtags read.

Texts are the founding article (tests/data/seed.txt) and Wikinews openings
(Wikinews contributors, CC BY 2.5).
"""
from depeche.clean import clean, normalize



def test_founding_article_furniture(seed_text):
    c = clean(seed_text, "fr")
    assert [(r.text, r.reason) for r in c.removed] == [
        ("PUBLICITÉ", "advert"),
        ("DÉFILEZ POUR CONTINUER AVEC LE CONTENU", "advert"),
        ("(ADN)", "byline"),
        ("#Laccord #entre #Corée #Sud #les #ÉtatsUnis #exhorte #soldats #nordcoréens #quitter #Russie", "hashtags"),
    ]
    assert c.author == "ADN"
    assert c.dateline == "Jakarta, CNN Indonésie —"
    assert c.outlet == "CNN Indonésie"
    assert c.dateline_place == "Jakarta"
    assert "PUBLICITÉ" not in c.text and "#Laccord" not in c.text and "(ADN)" not in c.text
    assert c.text.startswith("Jakarta, CNN Indonésie —\nLes États-Unis")
    assert "Russie" in c.keywords and "soldats" in c.keywords
    assert "les" not in c.keywords and "entre" not in c.keywords  # stop words are no keywords


def test_glued_translation_scar_is_split(seed_text):
    c = clean(seed_text, "fr")
    assert "Russiequi" not in c.text
    assert "de Russie qui serait déployé" in c.text


def test_wikinews_date_dateline():
    c = clean("22 mai 2012. - Prévu initialement pour samedi dernier, le lancement a été reporté.", "fr")
    assert c.dateline == "22 mai 2012. -"
    assert c.dateline_date == "22 mai 2012"
    assert c.text.startswith("22 mai 2012. - Prévu")  # the dateline stays: its date is a fact


def test_dateline_after_a_lede_line():
    raw = ("Les rats de laboratoires développeraient deux à trois fois plus de tumeurs.\n"
           "21 septembre 2012, France. - Selon une étude scientifique de l'université de Caen, le risque augmente.")
    c = clean(raw, "fr")
    assert c.dateline_date == "21 septembre 2012"
    assert c.dateline_place == "France"


def test_agency_dateline_prefix():
    c = clean("PARIS (AFP) — Le gouvernement a annoncé mardi un plan d'économies.", "fr")
    assert c.outlet == "AFP"
    assert c.dateline_place == "PARIS"


def test_navigation_and_share_lines():
    raw = "Le ministre a démissionné mardi.\nLire aussi : Le gouvernement en crise\nPartager sur Facebook\nIl sera remplacé."
    c = clean(raw, "fr")
    assert c.text == "Le ministre a démissionné mardi.\nIl sera remplacé."
    assert [r.reason for r in c.removed] == ["navigation", "share"]


def test_normalize_spaces_and_blank_lines():
    assert normalize("« Non\u202f»,\r\n\r\n\u00a0a-t-il  dit\u200b.") == "« Non »,\na-t-il dit."


def test_article_sentence_is_not_furniture():
    # A real sentence that mentions advertising stays.
    line = "La publicité en ligne a rapporté 3 milliards d'euros cette année."
    assert clean(line, "fr").text == line


def test_a_dateline_of_a_place_alone_before_a_dash_or_a_bar_and_not_a_dash_inside_a_sentence():
    assert clean("MONTREAL - Saputo Inc. reported a higher quarterly profit.", "en").dateline_place == "MONTREAL"
    assert clean("(Montréal) Hydro-Québec a maintenu mardi son calendrier.", "fr").dateline_place == "Montréal"
    assert clean("New Delhi: Reserve Bank Governor Raghuram Rajan said inflation was high.", "en").dateline_place \
        == "New Delhi"
    assert clean("Jean-Pierre - un ami d'enfance - est venu.", "fr").dateline is None


def test_an_agency_credit_in_brackets_opens_or_closes_the_text():
    # "(Belga)" before the first sentence is the outlet, not a place; after
    # the last one, on the same line, the byline.
    from depeche.clean import clean
    c = clean("(Belga) L'avocat de Paul Martin a dit vendredi qu'il fera appel.\n"
              "Le procès reprendra lundi, nous restons vigilants. (Belga)", "fr")
    assert c.outlet == "Belga" and c.dateline_place is None
    assert c.author == "Belga" and c.text.endswith("nous restons vigilants.")
    kept = clean("Il a été arrêté à Lyon (Rhône).", "fr")
    assert kept.text == "Il a été arrêté à Lyon (Rhône)." and kept.author is None


def test_sentences_glued_by_a_lost_space_are_parted():
    text = clean("La hausse est de 2,1 %, a annoncé la Commission (CRE).L'augmentation sera appliquée en juin. "
                 "Selon lui, « le prix est juste ».Pour le syndicat, c'est trop. Le site Amazon.com et les U.S.A. "
                 "restent à part.", "fr").text
    assert "(CRE). L'augmentation" in text and "». Pour le syndicat" in text
    assert "Amazon.com" in text and "U.S.A." in text
