"""Quotation spans in every style French news uses."""
from depeche.extract.quotes import find


def spans(text):
    return [text[q.start:q.end] for q in find(text)]


def test_guillemets_with_and_without_spaces():
    assert spans("« Non, il ne faut pas être inquiet », a répondu la porte-parole.") == [
        "Non, il ne faut pas être inquiet"]
    assert spans("Il a dit «oui» puis «non».") == ["oui", "non"]


def test_curly_and_straight_quotes():
    text = "“Je les ai appelés [Korut] retirer les troupes de Russie”, a déclaré Lloyd Austin. Il a dit \"non\"."
    assert spans(text) == ["Je les ai appelés [Korut] retirer les troupes de Russie", "non"]


def test_nested_quote_is_part_of_its_outer_quote():
    text = "« On a constaté 261 cas de « réelle » fraude, pour 2 millions d’euros »."
    assert spans(text) == ["On a constaté 261 cas de « réelle » fraude, pour 2 millions d’euros"]


def test_a_quote_re_opened_at_each_paragraph_is_a_quotation_a_paragraph():
    # Written for this test: a long quotation whose paragraphs each open with a
    # mark, only the last closed, in every pair of marks; annotators count a
    # statement a paragraph.
    text = "Selon lui, « Il se sentait faible.\n« Il faut laisser le temps au temps ».\nFin."
    assert spans(text) == ["Il se sentait faible.", "Il faut laisser le temps au temps"]
    text = ("The mayor said: “We are proud of the crews. They worked all night.\n\n“The damage is severe, "
            "but nobody was hurt.\n\n“We will rebuild.”\n\nThe road reopened on Monday.")
    assert spans(text) == ["We are proud of the crews. They worked all night.",
                           "The damage is severe, but nobody was hurt.", "We will rebuild."]
    text = 'She said: "The plan works.\n"It will save money." Then she left.'
    assert spans(text) == ["The plan works.", "It will save money."]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "Il a lâché : « vous êtes un salaud\nLe match a repris."
    assert spans(text) == ["vous êtes un salaud"]


def test_two_curly_apostrophes_quote_like_a_double_mark():
    from depeche.extract.quotes import find
    text = "Il précise que les ‘’portes ont été emportées’’, ajoutant que ‘’le préfet a dû partir’’."
    assert [text[q.start:q.end] for q in find(text)] == ["portes ont été emportées", "le préfet a dû partir"]


def test_quote_running_on_without_reopening_to_its_closing_mark():
    # The next paragraph (after a blank line or not) goes on without « and
    # closes with »: one quotation; one that never closes there stays apart.
    text = "« Les pays ont vu leur mortalité baisser.\n\nIl faut que les autres suivent. »\nFin."
    qs = find(text)
    assert len(qs) == 1 and text[qs[0].start:qs[0].end] == (
        "Les pays ont vu leur mortalité baisser.\n\nIl faut que les autres suivent.")
    text = "Il a lâché : « vous êtes un salaud\n\nLe match a repris, « enfin » selon lui."
    assert spans(text) == ["vous êtes un salaud", "enfin"]


def test_single_marks_quote_in_their_house_style_but_apostrophes_do_not():
    text = ("'We are thrilled to report a record quarter,' said the chief executive. "
            "The analysts' average estimate was lower; the board called it a 'turning point'. "
            "It's the company's best year, l'entreprise l'a dit.")
    assert [text[q.start:q.end] for q in find(text)] == ["We are thrilled to report a record quarter", "turning point"]


def test_a_single_mark_inside_a_double_quote_opens_nothing_new():
    text = "\"He told me 'never again,' and left,\" she said."
    assert [text[q.start:q.end] for q in find(text)] == ["He told me 'never again,' and left"]


def test_a_curly_single_opening_mark_closes_before_a_space():
    text = "The host ordered the minister to ‘stop talking’ during the interview; the analysts’ view was mixed."
    assert [text[q.start:q.end] for q in find(text)] == ["stop talking"]


def test_single_marks_re_opened_at_each_paragraph_make_one_quotation_a_paragraph():
    # Written for this test: the English convention of a quotation running on,
    # each paragraph re-opened and only the last closed.
    text = ("The coach said: ‘We’re devastated. The players gave everything.\n"
            "‘We have to be realistic. We didn’t play to our potential.\n"
            "‘The effort they’ve put in all year has been fantastic.’\n"
            "He left the ground at 6pm. ‘Nobody’s fault\n"
            "The next game is on Sunday.")
    assert spans(text) == ["We’re devastated. The players gave everything.",
                           "We have to be realistic. We didn’t play to our potential.",
                           "The effort they’ve put in all year has been fantastic."]


def test_a_curly_closing_mark_closes_a_straight_opening_one():
    # Written for this test: mixed marks must not run the quotation on.
    text = ("Il affirme que la situation est \"maîtrisée et sous contrôle”.\n"
            "\"Les seuls cas sont importés\", a déclaré le ministre.")
    assert spans(text) == ["maîtrisée et sous contrôle", "Les seuls cas sont importés"]


def test_a_guillemet_closed_by_the_wrong_mark_ends_where_that_mark_stands():
    # Written for this test: a straight mark, the last of its paragraph, and a
    # « the paragraph ends on close the « open.
    text = ("Il sollicite le renvoi. « Je souhaite le renvoi. Il est fatigué\" souhaite son conseiller.\n"
            "Il se demande comment « il le ferait s'il applique la constitution ? «\n\n"
            "Le juge a refusé. « Il a dit \"non\" hier », a-t-il ajouté.")
    assert spans(text) == ["Je souhaite le renvoi. Il est fatigué",
                           "il le ferait s'il applique la constitution ?",
                           "Il a dit \"non\" hier"]


def test_a_quotation_left_open_when_the_next_opens_before_an_incise_closes_there():
    # Written for this test: the first closing mark forgotten; a quotation
    # inside another that ends the paragraph after a comma is the next one.
    text = "« Quatre trains ont été annulés. « Passez par Mouscron », a indiqué le porte-parole."
    assert spans(text) == ["Quatre trains ont été annulés.", "Passez par Mouscron"]
    text = "“The roads are closed. “Stay at home,” the mayor said."
    assert spans(text) == ["The roads are closed.", "Stay at home"]
    text = "« On a constaté des cas de « réelle » fraude », a-t-il dit."
    assert spans(text) == ["On a constaté des cas de « réelle » fraude"]
