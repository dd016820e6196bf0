"""Statements on real French news sentences: each case of spec/ATTRIBUTION.md.

Sentences from the founding article (tests/data/seed.txt) and fr.wikinews.org
articles of 2012 (Wikinews contributors, CC BY 2.5); a few are shortened.
"""
import pytest

import depeche
from depeche.clean import clean



def said(analyse, text):
    doc, ents, sts = analyse(text)
    names = {e.id: e.name for e in ents.entities}
    return [(names.get(s.speaker) or s.speaker_text, s.stance, s.kind, s.content) for s in sts]


@pytest.fixture(scope="module")
def seed(analyse, seed_text):
    c = clean(seed_text, "fr")
    doc, ents, sts = analyse(c.text, outlet=c.outlet)
    names = {e.id: e.name for e in ents.entities}
    return [(names.get(s.speaker) or s.speaker_text, s.stance, s.kind, s.content) for s in sts]


def test_founding_article_stances(seed):
    rows = {(who, stance) for who, stance, _, _ in seed}
    assert ("Lloyd Austin", "call") in rows  # « Je les ai appelés ... retirer », a déclaré
    assert ("Kim Yong Hyun", "estimate") in rows
    assert ("Vladimir Poutine", "not_deny") in rows
    assert ("Vladimir Poutine", "refuse_confirm") in rows
    assert ("Corée du Sud", "fear") in rows


def test_founding_article_pronoun_and_first_name(seed):
    # "Il estime qu'environ 12 000 ..." after "Selon l'ambassadeur ..., Sergiy Kyslytsya, ..."
    sergiy = [c for who, _, _, c in seed if who == "Sergiy Kyslytsya"]
    assert any(c.startswith("environ 12 000 soldats") for c in sergiy)
    assert any(c.startswith("des milliers de soldats") for c in sergiy)  # "Sergiy estime également"
    assert any(c.startswith("les troupes nord-coréennes ont délibérément") for c in sergiy)  # selon


def test_founding_article_kinds(seed):
    kinds = {c[:30]: k for _, _, k, c in seed}
    assert kinds["Je les ai appelés [Korut] reti"] == "direct"
    assert kinds["il y avait une « forte probabi"] == "mixed"
    assert kinds["les États-Unis continueraient "] == "indirect"


def test_quote_then_incise_with_inverted_subject(analyse):
    rows = said(analyse, "« Aucun Français ne doit se situer à plus de 30 minutes de soins d'urgence » "
                         "estime le président François Hollande.")
    assert rows == [("François Hollande", "estimate", "direct",
                     "Aucun Français ne doit se situer à plus de 30 minutes de soins d'urgence")]


def test_incise_with_clitic_resolves_to_previous_speaker(analyse):
    rows = said(analyse, "Gilles-Éric Séralini, professeur à l'université de Caen, a présenté l'étude. "
                         "« Le premier mâle nourri aux OGM meurt un an avant le premier témoin », a-t-il précisé.")
    assert rows[-1][0] == "Gilles-Éric Séralini" and rows[-1][2] == "direct"


def test_colon_then_quote(analyse):
    rows = said(analyse, "De son côté, le directeur général du Council, John Womersley a déclaré : "
                         "« Je peux confirmer qu'une particule a été découverte ».")
    assert rows == [("John Womersley", "assert", "direct", "Je peux confirmer qu'une particule a été découverte")]


def test_selon_at_start_and_end(analyse):
    rows = said(analyse, "Selon Météo France, les températures sont élevées sur les départements en jaune.")
    assert rows == [("Météo France", "assert", "indirect", "les températures sont élevées sur les départements en jaune")]
    rows = said(analyse, "Plus de 3 millions d'euros auraient été volés, selon le parquet fédéral.")
    assert rows[0][1:] == ("assert", "indirect", "Plus de 3 millions d'euros auraient été volés")


def test_selon_in_the_sense_of_depending_on_is_no_attribution(analyse):
    assert said(analyse, "Les tarifs varient selon les régions et les saisons.") == []


def test_spokesperson_speaks_for_the_body(analyse):
    rows = said(analyse, "Selon la fédération des banques, Febelfin, « le montant est plutôt de 700 000 euros ». "
                         "« Non, il ne faut pas être inquiet », a répondu la porte-parole de la fédération.")
    assert [r[0] for r in rows] == ["Febelfin", "Febelfin"]


def test_relative_qui_takes_its_antecedent(analyse):
    rows = said(analyse, "Jean-Marc Ayrault s'est entretenu avec Arnaud Montebourg, le ministre du redressement "
                         "productif, qui a déclaré au Sénat que le gouvernement n'acceptait pas le plan en l'état.")
    assert rows == [("Arnaud Montebourg", "assert", "indirect", "le gouvernement n'acceptait pas le plan en l'état")]


def test_description_kept_as_speaker(analyse):
    rows = said(analyse, "Cependant, le ministère américain de la Défense a déclaré qu'il y avait une forte probabilité.")
    assert rows[0][0] == "ministère américain de la Défense"


def test_free_quote_goes_to_the_previous_speaker(analyse):
    rows = said(analyse, "« La sécurité c'est l'affaire de tous » a ensuite précisé Febelfin. "
                         "« C'est la responsabilité de la banque, mais aussi de l'utilisateur ».")
    assert [r[0] for r in rows] == ["Febelfin", "Febelfin"]
    assert rows[1][3] == "C'est la responsabilité de la banque, mais aussi de l'utilisateur"


def test_impersonal_and_inanimate_are_no_speakers(analyse):
    assert said(analyse, "Il est prévu que la capsule amortisse sa descente avec un parachute.") == []
    assert said(analyse, "Cet événement tragique appelle à ne rien accepter en matière de désert médical.") == []


def test_conditional_content_is_flagged(analyse):
    doc, ents, sts = analyse("La Maison Blanche a souligné que les troupes seraient une cible légitime.")
    assert sts[0].conditional is True


def test_nested_reports(analyse):
    doc, ents, sts = analyse("Selon l'AFP, le ministre a déclaré que le plan serait retiré.")
    outer = [s for s in sts if s.cue == "Selon"][0]
    inner = [s for s in sts if s.cue == "a déclaré"][0]
    assert inner.within == outer.id


def test_a_que_clause_the_parse_cut_short_runs_to_the_end_of_the_sentence():
    # A parse that hangs "que" on the infinitive inside the subject ("que des
    # gens accusés de soutenir X sont torturés"): the clause is read on.
    import importlib
    from spacy.tokens import Doc
    from spacy.vocab import Vocab
    frames = importlib.import_module("depeche.extract.attribution.frames")
    words = ["Elle", "affirme", "que", "des", "gens", "accusés", "de", "soutenir", "Kata", "sont", "torturés", "."]
    heads = [1, 1, 7, 4, 10, 4, 7, 1, 10, 10, 1, 1]
    deps = ["nsubj", "ROOT", "mark", "det", "obl:mod", "acl", "mark", "ccomp", "nsubj", "cop", "advcl", "punct"]
    pos = ["PRON", "VERB", "SCONJ", "DET", "NOUN", "VERB", "ADP", "VERB", "PROPN", "AUX", "ADJ", "PUNCT"]
    morphs = ["", "VerbForm=Fin", "", "", "", "VerbForm=Part", "", "VerbForm=Inf", "", "VerbForm=Fin", "", ""]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, morphs=morphs,
              sent_starts=[True] + [False] * 11)
    que = doc[2]
    cut = frames._clause_after(doc, que)
    assert not frames._is_clause(doc, cut)
    whole = frames._clause_after(doc, que, to_sentence_end=True)
    assert frames._is_clause(doc, whole) and doc.text[whole[0]:whole[1]].endswith("sont torturés")


def test_a_clause_holding_a_quote_closed_by_two_apostrophes_is_mixed():
    import depeche
    rec = depeche.extract({"lang": "fr", "text": "Le ministre Paul Abel précise que face aux violences, ‘’le préfet "
                                                 "a dû quitter la ville sous escorte’’."})
    kinds = {s["content"]: s["kind"] for s in rec["statements"]}
    assert any(k == "mixed" and "le préfet a dû quitter la ville" in c for c, k in kinds.items()), kinds


def test_a_content_after_a_quotation_closing_a_paragraph_has_no_edge_whitespace():
    # The sentence's first token is the closing mark; past it, the line break
    # is no part of the content.
    rec = depeche.extract({"lang": "en", "text": (
        "NATO chief Mark Rutte wrote that the alliance \"stands with Ukraine.\"\nRussian forces are preparing "
        "a new offensive in the east, the think tank said in its daily assessment.")})
    said = [s for s in rec["statements"] if s["frame"] == "comma-said"]
    assert said and said[0]["content"] == "Russian forces are preparing a new offensive in the east"


def test_a_straight_quote_glued_to_a_full_stop_closes_its_sentence():
    # 'escalation." Residents': the next capital opens a sentence; '. "We' opens
    # a quotation, and the parser still decides there.
    from depeche import nlp

    doc = nlp.get("en")('He warned against "any escalation." Residents complained about the noise. '
                        'He left. "We will be back," he said.')
    starts = [t.text for t in doc if t.is_sent_start]
    assert "Residents" in starts and '"' in starts and "We" not in starts


def test_a_straight_quote_apart_from_a_full_stop_opens_the_next_sentence():
    # '…, s'est-il interrogé. "En revanche' is two sentences (the parser glued
    # them, and the incise lost its end); the last mark of the text, glued to
    # its full stop, closes the last one.
    from depeche import nlp

    doc = nlp.get("fr")('"Le fonds ne bouge plus", s\'est-il interrogé. "En revanche, la reprise des parts '
                        'communales est une bonne nouvelle."')
    sents = [s.text for s in doc.sents]
    assert sents == ['"Le fonds ne bouge plus", s\'est-il interrogé.',
                     '"En revanche, la reprise des parts communales est une bonne nouvelle."']


def test_a_content_read_from_the_first_sentence_starts_after_the_dateline():
    rec = depeche.extract({"text": "Séoul (AFP) — Plus de 10 000 soldats se trouvent en Russie, a indiqué lundi "
                                   "le renseignement sud-coréen.", "lang": "fr"})
    [said] = rec["statements"]
    assert said["content"] == "Plus de 10 000 soldats se trouvent en Russie"
    assert rec["source"]["dateline"] == "Séoul (AFP) —"
