"""Events in PLOVER types, on real sentences: the founding article
(tests/data/seed.txt) and fr.wikinews.org articles of 2012 (Wikinews
contributors, CC BY 2.5)."""
import pytest

from depeche.clean import clean
from depeche.extract import events


def run(contextual, lex_fr, text, outlet=None):
    ctx, sts = contextual(text, outlet=outlet)
    names = {e.id: e.name for e in ctx.ents.entities}
    evs = events.extract(ctx, sts)
    return [(e.type, [names[a] for a in e.actors], [names[t] for t in e.targets], e) for e in evs], sts


@pytest.fixture(scope="module")
def seed_events(contextual, lex_fr, seed_text):
    c = clean(seed_text, "fr")
    return run(contextual, lex_fr, c.text, c.outlet)


def test_founding_article_demand(seed_events):
    evs, sts = seed_events
    demand = [e for e in evs if e[0] == "DEMAND"]
    assert demand and demand[0][1] == ["États-Unis", "Corée du Sud"] and demand[0][2] == ["Corée du Nord"]


def test_founding_article_mobilize_reported_by_two_sources(seed_events):
    evs, sts = seed_events
    by_id = {s.id: s for s in sts}
    mobilize = [e for e in evs if e[0] == "MOBILIZE" and e[1] == ["Corée du Nord"]]
    reporters = {by_id[e[3].statement].speaker_text for e in mobilize if e[3].statement}
    assert "ministère américain de la Défense" in reporters and "Sergiy Kyslytsya" in reporters


def test_founding_article_threaten(seed_events):
    evs, _ = seed_events
    threat = [e for e in evs if e[0] == "THREATEN"]
    assert threat and threat[0][1] == ["Maison Blanche"] and threat[0][2] == ["Corée du Nord"]


def test_condition_is_hypothetical(seed_events):
    evs, _ = seed_events
    assault = [e for e in evs if e[0] == "ASSAULT"]
    assert assault and all(e[3].hypothetical for e in assault)  # "Si les troupes ... attaquent"


def test_infinitives_are_not_events(contextual, lex_fr):
    evs, _ = run(contextual, lex_fr, "Washington a exhorté Pékin à cesser ses manœuvres et à retirer ses navires.")
    assert [e[0] for e in evs] == ["DEMAND"]
    assert evs[0][2] == ["Pékin"]


def test_consult_with(contextual, lex_fr):
    evs, _ = run(contextual, lex_fr, "À la suite de cette annonce, le premier ministre Jean-Marc Ayrault s'est "
                                  "longuement entretenu avec Arnaud Montebourg, le ministre du redressement productif.")
    assert evs[0][:3] == ("CONSULT", ["Jean-Marc Ayrault"], ["Arnaud Montebourg"])


def test_passive_with_agent(contextual, lex_fr):
    evs, _ = run(contextual, lex_fr, "Le mémorandum avait pourtant été signé par le gouvernement Papadimos.")
    assert evs[0][:2] == ("AGREE", ["gouvernement Papadimos"])


def test_refusal_to_confirm_is_a_stance_not_an_event(contextual, lex_fr):
    evs, sts = run(contextual, lex_fr, "Le président russe Vladimir Poutine a refusé de confirmer cette nouvelle.")
    assert not [e for e in evs if e[0] == "REJECT"]
    assert sts[0].stance == "refuse_confirm"
