"""Tests for the attribution rules: which mention and cue a quote rests on, read from inline sentences."""
from __future__ import annotations


import pytest

from search.extraction.extract import extract
from search.model import Document


def attribution(text: str, index: int = 0) -> tuple[str, str, str, str]:
    """Return (mention as written, resolved speaker, cue, role) of one quote of `text`."""
    quote = extract(Document("t", text)).quotes[index]
    mention = text[quote.speaker_start:quote.speaker_end] if quote.speaker_start is not None else ""
    return mention, quote.speaker, quote.cue, quote.role


@pytest.mark.parametrize("text, mention, cue", [
    ("Smith said: “We will win the election this year.”", "Smith", "said"),
    ("“We will win the election this year,” Smith said.", "Smith", "said"),
    ("“We will win the election this year,” said Smith.", "Smith", "said"),
    ("The ministry told AFP “there is nothing to add to the statement.”", "The ministry", "told AFP"),
    ("Smith wrote that the deal was “a disaster for everyone involved.”", "Smith", "wrote"),
    ("“We stand ready to help,” one of the cables noted.", "one of the cables", "noted"),
    ("“We stand ready to help,” the cable said.", "the cable", "said"),
    ("“Nobody will be left behind,” Jones added.", "Jones", "added"),
    ("“Nobody will be left behind,” Jones insisted.", "Jones", "insisted"),
    ("The constitution declared a duty “to export the revolution.”", "The constitution", "declared"),
    ("Jones asked: “Where are the papers now?”", "Jones", "asked"),
    ("“If you ask one more mean question, I may leave,” Cruz quipped.", "Cruz", "quipped"),
    ("“Read the fine print,” read the statement.", "the statement", "read"),
    ("Bush: “The mission is to destroy them, not to contain them.”", "Bush", ":"),
    ("“Mr. Trump has empowered them. He divides us.” ― Sonya Herridge", "Sonya Herridge", "—"),
    ("“Once a cad, always a cad,” droned Miss Bartlett.", "Miss Bartlett", "droned"),
    ("“Yesterday you wanted to be a sea gull,” sniffed Marilla.", "Marilla", "sniffed"),
    ("“I'm sure it's all right,” broke in Lucy.", "Lucy", "broke in"),
    ("In normal times, a reader would now ask: ‘‘What is this?’’", "a reader", "ask"),
    ("Smith then said “we will win the election this year.”", "Smith", "said"),
    ("Dr. Babar pondered who might “testify for our innocence in this season.”", "Dr. Babar", "pondered"),
    ("She played Schumann. “Now some Beethoven” called Cecil, when the music had died.", "Cecil", "called"),
    ("“You will stay, I am sure; you will stay and nurse her;” cried he, turning to her.", "he", "cried"),
])
def test_attribution_patterns_before_and_after_the_quote(text, mention, cue):
    found, _, found_cue, _ = attribution(text)
    assert (found, found_cue) == (mention, cue)


def test_a_noun_after_a_scare_quote_is_no_cue():
    text = "Ryan lamented the “disheartened” state of the campaign and left the room."
    assert attribution(text)[:3] == ("Ryan", "Ryan", "lamented")


def test_according_to_gives_the_speaker():
    text = "According to Maria Lopez, the plan failed. She wrote “it will never pass the Senate” in a memo."
    assert attribution(text)[:2] == ("She", "Maria Lopez")


def test_described_as_attributes_to_the_describer():
    assert attribution("Smith described it as a “catastrophe” for the region.")[:3] == ("Smith", "Smith", "described")


def test_an_abbreviated_title_does_not_end_the_sentence():
    text = "''I can see the argument for it,'' Mr. Mahaney said."
    assert attribution(text)[:3] == ("Mr. Mahaney", "Mahaney", "said")


def test_an_appositive_gives_a_role_kept_apart_from_the_name():
    text = "“We will act,” Qasem Soleimani, the head of the Quds Force, said."
    assert attribution(text) == ("Qasem Soleimani", "Qasem Soleimani", "said", "the head of the Quds Force")


def test_a_title_is_a_role_not_part_of_the_name():
    text = "Lieutenant General Hatem al-Maksusi told them: “Everything we have is yours now.”"
    assert attribution(text) == ("Lieutenant General Hatem al-Maksusi", "Hatem al-Maksusi", "told",
                                 "Lieutenant General")


def test_words_before_a_name_after_the_cue_are_a_role():
    text = "“The polls were wrong again,” said pollster Frank Luntz."
    assert attribution(text) == ("pollster Frank Luntz", "Frank Luntz", "said", "pollster")


def test_a_bracketed_party_and_state_sit_between_name_and_cue():
    text = "“It reminds us how important this is,” Sen. Marco Rubio (R-Fla.) said Saturday."
    assert attribution(text)[:2] == ("Sen. Marco Rubio", "Marco Rubio")


def test_an_age_in_commas_is_no_role():
    assert attribution("“All of my friends are women,” Butz, 49, told reporters.")[::3] == ("Butz", "")


def test_a_participle_takes_the_subject_of_its_clause():
    text = "Mr. Trump issued a statement Tuesday, saying, “I do not feel that way about anybody.”"
    assert attribution(text)[:2] == ("Mr. Trump", "Trump")


def test_organisations_groups_and_documents_speak():
    assert attribution("The prime minister’s office told AFP it had “no comment” on the leak.")[0] == \
        "The prime minister’s office"
    assert attribution("“The strategy failed,” the outlets wrote on Monday.")[0] == "the outlets"


def test_the_times_resolves_to_the_paper_the_document_names():
    text = "The New York Times reported the leak.\n\n“It is real,” The Times said."
    assert attribution(text)[:2] == ("The Times", "New York Times")


def test_a_pronoun_resolves_to_the_last_compatible_speaker():
    text = "“We are ready,” Mary Jones said.\n\n“We were always ready,” she added."
    assert attribution(text, 1)[:2] == ("she", "Mary Jones")


def test_it_resolves_to_an_organisation_not_a_person():
    text = "The New York Times obtained the cables from John Smith.\n\n“They are real,” it said."
    assert attribution(text)[:2] == ("it", "New York Times")


def test_a_pronoun_that_cannot_be_resolved_stays_unknown():
    mention, speaker, cue, _ = attribution("“It is over,” he said.")
    assert (mention, speaker, cue) == ("he", "", "said")


def test_the_writer_s_i_is_kept_as_a_mention_but_never_resolved():
    text = "Mary Jones was there. “Okay,” I said."
    assert attribution(text)[:2] == ("I", "")


def test_i_inside_a_quote_is_not_a_speaker():
    quote = extract(Document("t", "“I said it, I meant it and I stand by it.”")).quotes[0]
    assert quote.speaker == "" and quote.speaker_start is None


@pytest.mark.parametrize("text", [
    "Critics of the plan, including “many experts,” gathered downtown.",
    "The “special relationship” is over.",
    "“Resistance” is a word with a long history.",
    "The phrase “not to be shared” appeared on every page of the file.",
])
def test_sentences_with_no_speaker(text):
    for quote in extract(Document("t", text)).quotes:
        assert (quote.speaker, quote.speaker_start, quote.cue) == ("", None, "")


def test_a_possessive_is_not_a_speaker():
    quote = extract(Document("t", "“We will win,” Iran’s said nothing.")).quotes[0]
    assert quote.speaker != "Iran’s"


def test_a_participle_after_an_object_still_takes_the_clause_subject():
    text = "Mary Jones arrived. At the time, she released a statement saying, “We are confident in the partnership.”"
    assert attribution(text)[0] == "she"


def test_an_opening_phrase_is_not_the_subject():
    text = "Eight years ago, Al Sharpton backed Obama and said, “She has never done anything for us.”"
    assert attribution(text)[:2] == ("Al Sharpton", "Al Sharpton")


def test_a_capitalised_will_is_a_name_not_an_auxiliary():
    assert attribution("“The nominating process matters,” Will wrote.")[0] == "Will"


def test_an_appositive_with_a_possessive_gives_a_role():
    text = "“The path to change is long,” Jeff Weaver, Sanders’ campaign manager, said in a statement."
    assert attribution(text) == ("Jeff Weaver", "Jeff Weaver", "said", "Sanders’ campaign manager")


def test_according_to_after_the_quote():
    assert attribution("“Officials expect to finish in weeks,” according to CNN.")[:3] == ("CNN", "CNN", "according to")


def test_a_phrase_cue_needs_all_its_words():
    assert attribution("As The New Yorker put it, he is “the operator.”")[:3] == ("The New Yorker", "The New Yorker",
                                                                                 "put it")
    assert attribution("He put the bag down. “Nothing is in the bag at all,” she said.")[0] == "she"


def test_a_colon_hands_the_quote_to_the_subject_of_its_sentence():
    text = "Clinton has since apologized for what happened: “Yes, I should have used two email addresses.”"
    assert attribution(text)[0] == "Clinton"


@pytest.mark.parametrize("text, speaker", [
    # A subordinate clause or a phrase opening the sentence ("With …, ", "When …, ", "Amid …, ") is not its subject.
    ("With Democratic leaders worried about a lack of passion among young black voters, President Obama is rolling "
     "out a new campaign message: “It's about me.”", "Obama"),
    ("When she was talking about cleaner energy, Clinton offered up this sound bite: “We're going to win.”", "Clinton"),
    ("Amid responses from some, The Blaze’s Matt Walsh provided a justification: “Remember their names.”",
     "Matt Walsh"),
    ("With the vote over: “The polls are closed for the night.”", ""),  # no subject after the opener
])
def test_a_colon_line_s_subject_comes_after_an_opening_clause(text, speaker):
    assert attribution(text)[1] == speaker


@pytest.mark.parametrize("text, speaker, role", [
    # An age before the appositive: "X, 21, a junior from Las Vegas, said".
    ("Marley Anderson, 21, a junior from Las Vegas, said, “I turned out at my first caucus.”", "Marley Anderson",
     "a junior from Las Vegas"),
    ("Chelsea Clinton, 35, the daughter of Bill Clinton, said on Monday, “Charlotte is going to be a big sister!”",
     "Chelsea Clinton", "the daughter of Bill Clinton"),
    ("In 2015, 21, a junior, said, “I turned out.”", "", ""),  # a number alone names no one
])
def test_an_age_and_an_appositive_stand_between_the_name_and_its_cue(text, speaker, role):
    _, shown, _, shown_role = attribution(text)
    assert (shown, shown_role) == (speaker, role)


@pytest.mark.parametrize("text, speaker", [
    # "And" or "But" opening the sentence, perhaps with "then", comes before its subject.
    ("And then Trump went fully on the attack, saying, “Is President Obama going to fight?”", "Trump"),
    ("And he made a point of saying the nightclub “was a place of solidarity and empowerment.”", "Obama"),
    ("And: “Is it over?”", ""),  # nobody after the conjunction
])
def test_a_conjunction_opening_the_sentence_is_no_subject(text, speaker):
    assert extract(Document("t", "President Obama spoke.\n\n" + text)).quotes[0].speaker == speaker


def test_an_infinitive_cue_speaks_for_the_clause_subject():
    assert attribution("Bryne went on to say, “From the bottom of my soul, I know this.”")[0] == "Bryne"


def test_a_colon_after_a_subjectless_phrase_gives_no_speaker():
    assert attribution("In other news today: “The polls are closed for the night.”")[0] == ""


def test_a_name_after_a_dash_and_before_a_colon_is_the_speaker():
    text = "VOTERS WANT INSPIRATION - Frank Newport and Jim Harter: “We found that voters care about it.”"
    assert attribution(text)[0] == "Frank Newport and Jim Harter"
    assert attribution("More from Blumenthal and Cohen: “Data collected by our firm helps confirm it.”")[0] == \
        "Blumenthal and Cohen"


def test_a_name_in_apposition_after_a_description_is_the_speaker():
    text = "“We need him because life is hard,” his wife, Gabriela Violeta Lazar, wrote in a letter."
    assert attribution(text)[:2] == ("Gabriela Violeta Lazar", "Gabriela Violeta Lazar")


def test_a_long_description_before_a_name_after_the_quote():
    text = "“These are the darkest days,” former George W. Bush speechwriter Noam Neusner wrote in a column."
    assert attribution(text)[0] == "Noam Neusner"


def test_a_reporter_s_clause_after_the_quote_is_not_an_attribution():
    text = "“This is the end,” and so the story went on until Trump said no more."
    assert attribution(text)[0] == ""


def test_a_relative_pronoun_is_the_mention_and_its_antecedent_the_speaker():
    text = "Cruz won the backing of Mike Lee, who declared in the spin room, “It is time to unite.”"
    assert attribution(text)[:2] == ("who", "Mike Lee")


def test_a_cue_can_open_its_sentence():
    assert attribution("Said Comey, “The thought that we erred is very painful to us.”")[:3] == ("Comey", "Comey", "Said")


def test_the_subject_after_a_cue_between_two_pieces_of_one_quote():
    text = "“This used to be Russia's back yard,” said Raffaello Pantucci, an analyst, “but it is China's now.”"
    assert attribution(text, 1)[0] == "Raffaello Pantucci"


def test_an_adverb_between_subject_and_cue_is_skipped():
    assert attribution("Clinton initially said in the spring, “I did not email any classified material.”")[0] == \
        "Clinton"


def test_a_sentence_ending_on_its_cue_introduces_the_next_quote():
    text = "Or maybe it is Jeb Bush, digital consultant Phil Musser says. “Several surveys suggest a second look.”"
    assert attribution(text)[0] == "Phil Musser"


def test_a_sentence_with_a_cue_in_the_middle_does_not_introduce_the_next_quote():
    text = "Phil Musser says the race is open. “Several surveys suggest a second look at the field.”"
    assert attribution(text)[0] == ""


def test_a_quote_inside_a_clause_after_the_speaker_is_not_attributed_to_them():
    text = "“We were wrong,” said George Miller, one of the original “big four” negotiators."
    found = extract(Document("t", text)).quotes
    assert (found[1].text, found[1].kind, found[1].speaker) == ("big four", "scare", "")


# ---- dialogue ------------------------------------------------------------------------------------

def kinds_and_mentions(text: str) -> list[tuple[str, str, str]]:
    """Return (quote, kind, mention as written) of every quote of `text`."""
    out = []
    for q in extract(Document("t", text)).quotes:
        mention = text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else ""
        out.append((q.text, q.kind, mention))
    return out


def test_a_short_quote_with_its_own_cue_is_speech():
    assert kinds_and_mentions("“Oh God,” she said into the pillow.") == [("Oh God,", "direct", "she")]
    assert kinds_and_mentions("“Indeed!” cried Tony.") == [("Indeed!", "direct", "Tony")]


def test_a_paragraph_that_is_only_a_quote_is_a_line_of_dialogue():
    text = "“Well?” said Tony.\n\n“Kiss.”\n\n“Bad dreams?”"
    assert [k for _, k, _ in kinds_and_mentions(text)] == ["direct", "direct", "direct"]


def test_a_heading_in_quotes_is_not_a_line_of_dialogue():
    assert kinds_and_mentions("“The Art of the Deal”\n\nThe book sold well.") == [("The Art of the Deal", "scare", "")]


def test_a_short_term_in_the_reporter_s_sentence_stays_scare():
    assert kinds_and_mentions("Officials blamed a “bad earpiece” for the delay.") == [("bad earpiece", "scare", "")]


@pytest.mark.parametrize("text, mention", [
    ("“I dare say,” returned Harriet, sighing.", "Harriet"),
    ("“Perhaps,” she murmured, thinking of the museum.", "she"),
    ("“The railway!” gasped Miss Lavish.", "Miss Lavish"),
    ("“What does it mean?” she thought.", "she"),
])
def test_verbs_of_speech_and_thought_from_fiction_are_cues(text, mention):
    assert kinds_and_mentions(text)[0][2] == mention


def test_the_rest_of_a_quote_split_by_its_attribution_keeps_the_speaker():
    text = "“I wish we could contrive it,” said she; “but I cannot think of any pretence.”"
    assert [m for _, _, m in kinds_and_mentions(text)] == ["she", "she"]


def test_a_quote_after_another_speaker_s_attribution_is_not_continued():
    text = "“We will win,” said Smith, and Jones disagreed: “You will lose.”"
    assert [m for _, _, m in kinds_and_mentions(text)] == ["Smith", "Jones"]


@pytest.mark.parametrize("text, speaker", [
    ("In one of the Iranian leaks, Abdel Mahdi is described as having had a “special relationship” with Tehran.",
     "one of the Iranian leaks"),
    ("Abdel Mahdi is described by the cable as having had a “special relationship” with Tehran.", "the cable"),
    ("The bill was called “a disaster for every family” by Senator Jane Smith.", "Jane Smith"),
])
def test_a_passive_cue_gives_the_quote_to_its_agent(text, speaker):
    assert attribution(text)[1] == speaker


def test_a_passive_cue_with_no_agent_gives_no_speaker():
    assert attribution("He was described as a “madman” in public.")[1] == ""


@pytest.mark.parametrize("text, mention", [
    ("“I dare say,” said she at last.", "she"),
    ("“Not at all!” cried he.", "he"),
    ("“Killed instantly,” replied the doctor.", "the doctor"),
])
def test_inverted_cues_take_the_subject_after_them(text, mention):
    assert attribution(text)[0] == mention


@pytest.mark.parametrize("text, speaker, role", [
    ("“Our assumption is that the veto will be overridden,” Senate Majority Leader Mitch McConnell, R-Ky., said.",
     "Mitch McConnell", "Senate Majority Leader"),
    ("“This is a waste of time,” said Del. Stacey Plaskett of the Virgin Islands.", "Stacey Plaskett", "Del."),
    ("“We will appeal the ruling,” said the Bank of America.", "the Bank of America", ""),
])
def test_party_tags_places_and_short_titles_stand_beside_the_name(text, speaker, role):
    _, shown, _, shown_role = attribution(text)
    assert (shown, shown_role) == (speaker, role)


def test_a_date_with_its_year_before_the_subject_of_a_colon_line():
    text = ("Sanders spoke in July.\n\nOn July 6, 2015, Sanders made the following comment:\n\n"
            "“For young people who have graduated high school, the unemployment rate is 33 percent.”")
    assert attribution(text)[1] == "Sanders"


def test_markup_between_two_capitalised_words_splits_them():
    text = 'It was rated Mostly True.">Sanders said that “the real unemployment rate … is 51 percent.”'
    assert attribution(text)[:2] == ("Sanders", "Sanders")


@pytest.mark.parametrize("text, mention", [
    ("A spokesman for the Pentagon said “the strike was lawful.”", "A spokesman for the Pentagon"),
    ("Several residents of Flint told reporters “the water is still bad.”", "Several residents of Flint"),
    ("Officials in Washington said “the talks will go on.”", "Officials in Washington"),
    ("Protesters marching through the streets chanted “What curfew?”", "Protesters marching through the streets"),
    ("A man in the crowd shouted “Lock her up!”", "A man in the crowd"),
    ("Pressed, the 34-year-old mother of three replied, “It is meant to help the mother.”",
     "the 34-year-old mother of three"),
])
def test_the_people_before_a_preposition_are_the_speaker(text, mention):
    assert attribution(text)[:2] == (mention, mention)


def test_a_spokesman_for_a_titled_person_is_not_that_person():
    text = "A spokesman for House Speaker Paul Ryan said “we are reviewing the bill.”"
    assert attribution(text)[1] == "A spokesman for House Speaker Paul Ryan"



@pytest.mark.parametrize("text, mention", [
    ("The piece used one of the woman’s quotes as its headline: “Finally. Someone who thinks like me.”",
     "The piece"),
    ("A new study reached a blunt conclusion: “Nothing we tried works.”", "A new study"),
])
def test_a_speaker_noun_opening_a_colon_sentence_introduces_the_quote(text, mention):
    assert attribution(text)[0] == mention


def test_a_noun_that_names_no_speaker_introduces_nothing():
    assert attribution("The weather turned grim: “Nothing we tried works.”")[0] == ""


@pytest.mark.parametrize("text, speaker", [
    ("The ad uses footage of Hillary Clinton asking, “Why aren’t I 50 points ahead, you might ask?”",
     "Hillary Clinton"),
    ("Republicans were quick to chime in, with Donald Trump asking, “How can someone be so careless?”",
     "Donald Trump"),
    ("Trump posted a video on Twitter saying “we will win this state.”", "Trump"),
])
def test_a_person_named_right_before_a_participle_speaks_it(text, speaker):
    assert attribution(text)[1] == speaker


@pytest.mark.parametrize("text, mention, cue", [
    ("“Fanny will feel quite as grateful,” was Edmund's only reply, and the subject dropt.", "Edmund", "reply"),
    ("“And who is Admiral Croft?” was Sir Walter's cold suspicious inquiry.", "Sir Walter", "inquiry"),
    ("“Yes, sir”; replied the servant. “They all went together.”", "the servant", "replied"),
    ("“Matter!” exclaimed the other, collaring him.", "the other", "exclaimed"),
    ("“An ass,” said the doctor again, after a silence.", "the doctor", "said"),
    ("“Ah! I dare say he will,” replied the lady pettishly.", "the lady", "replied"),
    ("“Ah, yes,” the Marchioness acquiesced.", "the Marchioness", "acquiesced"),
    ("“What is the matter?” asked a little ugly hump-backed man.", "a little ugly hump-backed man", "asked"),
])
def test_what_novels_write_after_a_line(text, mention, cue):
    found, _, found_cue, _ = attribution(text)
    assert (found, found_cue) == (mention, cue)


def test_a_clause_after_a_semicolon_is_not_the_line_s_cue():
    text = ("“Once only was I in this room before”; and after stopping to look about her, Fanny added, "
            "“Once only before.”")
    assert attribution(text)[0] != "Fanny"


@pytest.mark.parametrize("text, mention, speaker, kind", [
    # A fragment inside a clause belongs to the subject of the clause's verb of saying or of stance.
    ("China’s ambassador accused the UK of meddling and warned that Beijing “will not sit on our hands” now.",
     "China’s ambassador", "China’s ambassador", "partial"),
    ("In his announcement, Van Der Beek touched upon the idea and noted there should be “zero shame” involved.",
     "Van Der Beek", "Van Der Beek", "partial"),
    ("Lewis Ward, a research director at IDC, sees the lineup as its “Achilles heel.”", "Lewis Ward", "Lewis Ward",
     "partial"),
    ("The detentions came from directives from Xi Jinping to “show absolutely no mercy”.", "Xi Jinping", "Xi Jinping",
     "partial"),  # a claim, order or vow from a name is theirs
])
def test_a_fragment_belongs_to_its_clause_subject(text, mention, speaker, kind):
    quote = extract(Document("t", text)).quotes[0]
    assert (text[quote.speaker_start:quote.speaker_end], quote.speaker, quote.kind) == (mention, speaker, kind)


@pytest.mark.parametrize("text", [
    "The channel was portrayed as an “irregular” one.",  # a passive without agent names nobody
    "He denied they formed a channel, for which they were known as the “Three Amigos”.",  # a name, not speech
    "The box labeled “medical problem” was empty.",  # a label names a thing
    "It kept a promise from the start to stay “small”.",  # a claim from no one named
])
def test_a_fragment_without_a_speaking_subject_stays_nobodys(text):
    quote = extract(Document("t", text)).quotes[0]
    assert (quote.speaker, quote.kind) == ("", "scare")


@pytest.mark.parametrize("text, speaker, role", [
    # The name the document gives a description: in apposition, after "from"/"by", or written before it elsewhere.
    ("According to his aunt, Jane Starner, “He was brilliant from the start and read everything.”",
     "Jane Starner", "his aunt"),
    ("“The market is largely factoring in a recovery,” said a report from Kotak Institutional Equities.",
     "Kotak Institutional Equities", "a report"),
    ("China’s ambassador to Britain Liu Xiaming spoke on Monday.\n\n“We will end the unrest soon,” China’s ambassador "
     "said.", "Liu Xiaming", "China’s ambassador"),
])
def test_a_description_takes_the_name_the_document_gives_it(text, speaker, role):
    quote = [q for q in extract(Document("t", text)).quotes if q.speaker][0]
    assert (quote.speaker, quote.role) == (speaker, role)


def test_a_bare_description_keeps_itself_when_the_text_names_several():
    text = ("Vice President Joseph R. Biden Jr. spoke first.\n\n“We are one nation,” the president said.")
    assert extract(Document("t", text)).quotes[0].speaker == "the president"


@pytest.mark.parametrize("text, speaker", [
    # A name before the commas, a title, a company's suffix, a place or a second appositive inside them.
    ("“Our strategy is to be where the consumer is,” Strauss Zelnick, CEO of Take-Two, adds.", "Strauss Zelnick"),
    ("Steve Menet, Senior Vice President of Sales for Dräger, Inc., says: “Alarm management is a focus.”",
     "Steve Menet"),
    ("Rob Goldman, President Ascom North America, says: “By collaborating, we can help.”", "Rob Goldman"),
    ("“These experiments work,” Dylan Nelson, a fellow at the Max Planck Institute for Astrophysics in Munich, "
     "Germany, and co-author of the study, said in a statement.", "Dylan Nelson"),
])
def test_an_appositive_with_commas_inside_leaves_the_name_before_it(text, speaker):
    assert attribution(text)[1] == speaker


@pytest.mark.parametrize("text, index, speaker", [
    # A quoted sentence after the reporter's sentence that names who speaks goes on in their voice.
    ("The tuft cell, Herbert said, is always sensing. “Once those products go out of whack, the cells respond.”", 0,
     "Herbert"),
    # So does one after a sentence that ends with its attribution in a comma, and after a clause of its own.
    ("It isn’t clear which function evolved first, Howitt says. Because scientists found “taste” receptors first, "
     "“that doesn’t mean that’s the order in which it evolved.”", 1, "Howitt"),
    ("Musser says the race is open. “It is a very close race now.”", 0, ""),  # a claim reported, no voice taken on
    # A heading that repeats words of an attributed quote is that speaker's.
    ("- “My fears have been realized”\n\nMorrison told the committee, “I feared it. My fears have been realized.”", 0,
     "Morrison"),
    ("Untreated plague is “always fatal”, says WHO.", 0, "WHO"),  # capitals name the organisation, not "who"
    ("“The results reflected growth,” chairman, CEO and president Craig Menear said.", 0, "Craig Menear"),
    ("“It was an attempt to mislead voters,’’ Will Moy told the BBC. “And I think it is inappropriate.”", 1,
     "Will Moy"),
])
def test_quotes_take_the_speaker_the_text_around_them_gives(text, index, speaker):
    assert attribution(text, index)[1] == speaker


def test_a_term_said_again_takes_no_one():
    text = "Trump has used the phrase “Islamic terrorism” often.\n\nObama said: “Islamic terrorism is a phrase I avoid.”"
    assert extract(Document("t", text)).quotes[0].speaker == ""


@pytest.mark.parametrize("text, speaker", [
    ("Israeli Prime Minister Benjamin Netanyahu spoke.\n\nThe Jewish state's premier cheered on the “historic” move.",
     "Benjamin Netanyahu"),
    ("In a reflection of the confusion, the Electoral Commission, which regulates finances, issued a statement "
     "warning that “voters are entitled to transparency and integrity.”", "the Electoral Commission"),
    ("Both Johnson and Corbyn spoke.\n\n“Look what I have said I am going to do,” Both Johnson said.", "Johnson"),
])
def test_the_speaker_behind_a_description_a_writing_or_a_quantifier(text, speaker):
    assert [q.speaker for q in extract(Document("t", text)).quotes if q.speaker][0] == speaker


def test_a_title_several_people_hold_links_no_one():
    text = ("President Barack Obama and Vice President Joe Biden and President Xi Jinping met.\n\n"
            "The nation's president cheered on the “historic” move.")
    assert extract(Document("t", text)).quotes[0].speaker == "The nation's president"


def test_a_quantifier_alone_before_a_colon_names_no_one():
    text = ("The signs say it all.\n\nOne reads: “Speeding you are, arrested you will be.”\n\n"
            "Another: “Aggressive driving is the path to the dark side.”\n\nMayor Ann Lee: “The signs work.”")
    speakers = [q.speaker for q in extract(Document("t", text)).quotes]
    assert speakers[1:] == ["", "Ann Lee"]


def test_a_name_ending_a_description_in_apposition_is_not_the_subject():
    text = ("Prince Andrew, the younger brother of heir to the British throne, Charles, has told friends that the "
            "interview was a “great success”.")
    assert attribution(text)[1:3] == ("Andrew", "told")
    text = "The spokesman for the group, Joe Kasper, told reporters: “We will win.”"
    assert attribution(text)[1] == "Joe Kasper"


def test_a_place_ending_an_appositive_does_not_hide_the_name_before_it():
    text = ("“It is hard to find beyond Earth,” Lucas Paganini, a planetary scientist at American University in "
            "Washington, D.C., said in a statement.")
    assert attribution(text)[1:] == ("Lucas Paganini", "said", "a planetary scientist at American University")
    text = ("“It is hard to find,” study lead author Lucas Paganini, a scientist at NASA's Goddard Space Flight Center "
            "in Greenbelt, Maryland, and American University in Washington, D.C., said.")
    assert attribution(text)[1] == "Lucas Paganini"
    assert attribution("“It is hard,” residents in Bowie, Md., said.")[1] == "residents"


def test_a_verb_of_saying_in_a_relative_clause_is_no_cue():
    text = "Martha added that the letter Mike wrote was “kind and loving.”"
    assert attribution(text)[1:3] == ("Martha", "added")


@pytest.mark.parametrize("text, speaker", [
    ("“There was no gain,” says analyst Ken Doctor. That’s produced a strategy of “continuous cost-cutting for more "
     "than a decade in local news.”", "Ken Doctor"),
    ("“You may not want to overreact,” Vaughan said. That could be part of what goes wrong: There could be dangers "
     "“if you have too many of these cells.”", "Vaughan"),
    # Someone else named between, a fragment of a word or two, or one not ending its sentence: not the same voice.
    ("“There was no gain,” says analyst Ken Doctor. Gannett expects “a very bad year for local news.”", ""),
    ("“There was no gain,” says analyst Ken Doctor. That’s produced “cost-cutting” in local news.", ""),
    ("“There was no gain,” says analyst Ken Doctor. That’s produced “continuous cost-cutting in news” for years.", ""),
])
def test_a_fragment_ending_a_later_sentence_goes_on_in_the_voice_before_it(text, speaker):
    assert attribution(text, 1)[1] == speaker


def test_a_noun_that_can_be_a_cue_after_a_determiner_is_no_cue():
    text = ("In other words, the more Schiff pushes these serial whines, the more the people shrug and think, "
            "“Enough already, just vote.”")
    assert attribution(text)[1] == ""


def test_was_his_reply_names_whom_his_stands_for():
    text = "Anne looked at Gilbert. “No, never,” was her short, full answer."
    quote = extract(Document("t", text, genre="fiction")).quotes[0]
    assert (quote.kind, quote.speaker, text[quote.speaker_start:quote.speaker_end]) == ("direct", "Anne", "her")


def test_was_the_reply_names_no_one():
    text = "The vote was in. “Yes,” was the reply."
    assert extract(Document("t", text, genre="fiction")).quotes[0].speaker == ""


def test_a_dash_after_a_quote_opens_the_clause_of_the_next_cue():
    text = ("“Mr. Churchill would never get over it.”--Mr. Weston shook his head, and looked solemn, and said, "
            "“Ah! poor woman, who would have thought it!”")
    quote = extract(Document("t", text, genre="fiction")).quotes[1]
    assert text[quote.speaker_start:quote.speaker_end] == "Mr. Weston"


def test_began_after_a_line_is_its_cue_but_not_a_noun():
    text = "Frank sat down.\n\n“There appeared such a good understanding among them all--” he began rather quickly."
    quote = extract(Document("t", text, genre="fiction")).quotes[0]
    assert text[quote.speaker_start:quote.speaker_end] == "he"
    text = "At the beginning of “The Tempest” a storm breaks."
    assert extract(Document("t", text)).quotes[0].speaker == ""


def test_was_a_described_person_s_answer_names_that_person():
    text = "“No,” was the old man's reply."
    quote = extract(Document("t", text, genre="fiction")).quotes[0]
    assert text[quote.speaker_start:quote.speaker_end] == "the old man"


def test_a_short_adverbial_after_and_stands_before_the_clause_s_subject():
    text = ("Thus the half-hour crept profitably away, and at last Miss Bartlett rose with a sigh, and said: "
            "“I think one might venture now.”")
    quote = extract(Document("t", text, genre="fiction")).quotes[0]
    assert text[quote.speaker_start:quote.speaker_end] == "Miss Bartlett"
