"""Tests for the lines of a conversation that no cue names: beats, names spoken to, turns."""
from __future__ import annotations

from search.extraction.extract import extract
from search.model import Document


def shown(text: str, genre: str = "fiction") -> list[tuple[str, str]]:
    """Return (quote, name shown) for every quote of `text`."""
    return [(q.text, q.speaker) for q in extract(Document("t", text, genre=genre)).quotes]


def test_two_speakers_take_turns():
    text = ("Brenda was reading in bed when Tony came in.\n\n“Well?” said Tony.\n\n“Kiss.”\n\n"
            "“Anything interesting?”\n\n“No. Mama wants nanny to send the measurements.”")
    assert [s for _, s in shown(text)] == ["Tony", "Brenda", "Tony", "Brenda"]


def test_an_action_beside_a_line_names_its_speaker():
    text = "“Well?” said Tony.\n\n“Sorry.”\n\nBrenda sat up. “And, please, I didn't mean it.”"
    assert shown(text)[-1] == ("And, please, I didn't mean it.", "Brenda")


def test_the_one_spoken_to_answers_the_next_line():
    text = "“Well, Tony, how do you feel?” asked Brenda.\n\n“Awful. I was tight.”\n\n“You were.”"
    assert [s for _, s in shown(text)] == ["Brenda", "Tony", "Brenda"]


def test_news_continues_one_speaker_over_quote_paragraphs():
    text = ("“It is crazy,” said Jon Meacham, a historian.\n\n"
            "“The lesson of 2016 is that none of the old rules apply.”")
    assert [s for _, s in shown(text, genre="")] == ["Jon Meacham", "Jon Meacham"]


def test_a_crowd_answering_a_question_is_a_conversation_in_news_too():
    text = ("“Who is going to pay for the wall?” Trump asked.\n\n“Mexico!” the audience screamed back.\n\n"
            "“Who?”\n\n“Mexico!”")
    assert [s for _, s in shown(text, genre="")] == ["Trump", "the audience", "Trump", "the audience"]


def test_a_line_with_nobody_around_stays_unattributed():
    assert shown("“Kiss.”\n\n“Sorry.”") == [("Kiss.", ""), ("Sorry.", "")]


def test_narration_between_two_lines_names_who_speaks_next():
    text = ("“Get up,” I said.\n\n“What? Get up? I never get up,” said Bill.\n\n"
            "He climbed into bed and pulled the sheet up to his chin.\n\n“Try and argue me into getting up.”")
    assert shown(text)[-1] == ("Try and argue me into getting up.", "Bill")


def test_a_narrator_never_named_keeps_their_lines_nameless():
    text = ("Robert Cohn had gone out early.\n\n“Come on,” I said.\n\n“Aren't you interested?” Bill asked.\n\n“I'm going down to eat.”\n\n"
            "“Eat? Why didn't you say eat?”\n\n“Oh, go to hell!” I said.\n\n“Work for the good of all.”")
    assert [s for _, s in shown(text)] == ["", "Bill", "", "Bill", "", "Bill"]


def test_oh_god_and_a_bare_title_call_on_no_one():
    text = ("“Oh God,” she said into the pillow. “What have I done?”\n\n“I say, am I being pompous again?”\n\n"
            "“Take a hold of him, Miss,” shouted Ben.\n\n“The boy's down.”\n\n“Is it about England?”\n\n"
            "“Yes, about my going to England.”\n\n“And how is your dear mother?' Yes, how is she?”\n\n“Well.”")
    speakers = [s for _, s in shown(text)]
    assert not {"God", "Miss", "Yes"} & set(speakers)


def test_the_action_nearest_before_a_line_is_its_speaker_s():
    text = ("“Shall we go in?” asked Beaver.\n\n"
            "Espinosa led them to their table. Brenda handed him the card. “You choose. Very little for me.”")
    assert shown(text)[-1] == ("You choose. Very little for me.", "Brenda")


def test_one_who_says_nothing_does_not_speak_the_next_line():
    text = ("“Rosa, we have decided to take you down the river,” said Dr Messinger.\n\n"
            "Rosa said nothing; her face was perfectly blank.\n\n“Understand?”")
    assert shown(text)[-1][1] != "Rosa"


def test_a_common_word_opening_a_sentence_is_nobody():
    text = ("“You are tired,” said Mr. Emerson.\n\n“Not a bit,” said Lucy.\n\n"
            "More certain than ever that she was tired, he brought more cushions.\n\n“No, please sit still.”")
    assert "More" not in [s for _, s in shown(text)]


def test_a_third_person_stepping_in_keeps_her_own_she_said():
    text = ("“I hope I do justice to the feelings of men,” said Anne.\n\n“You are a good soul,” cried Captain Harville, "
            "putting his hand on her arm. “There is no quarrelling with you.”\n\n"
            "Their attention was called towards the others. Mrs Croft was taking leave.\n\n"
            "“Here, Frederick, you and I part company, I believe,” said she. “I am going home.”")
    assert [s for _, s in shown(text)][-2:] == ["Croft", "Croft"]


def test_in_a_story_told_in_the_first_person_the_narrator_is_the_other_one_talking():
    crowd = "The train was late and the town was full of people in from the country for the fair. " * 3
    text = ("“Good night,” I said.\n\n" + crowd + "\n\n" + crowd + "\n\nBill had gone to San Sebastian.\n\n"
            "“Are there any letters?”\n\n“None, monsieur,” said the concierge.\n\n“Not even a telegram?”\n\n“Nothing.”")
    assert [s for _, s in shown(text)][1:] == ["", "the concierge", "", "the concierge"]


def test_narration_ending_on_a_cue_and_a_dash_introduces_the_next_line():
    text = ("“Will you stay?” asked Mary.\n\n"
            "Anxious to omit no precaution, Anne struggled, and said--\n\n"
            "“I am afraid, ma'am, that it is not perfectly understood.”")
    assert shown(text)[-1] == ("I am afraid, ma'am, that it is not perfectly understood.", "Anne")


def test_narration_ending_on_a_comma_after_no_cue_introduces_nothing():
    text = ("“Will you stay?” asked Mary.\n\nAnne looked at the garden, the trees, the lawn,\n\n“Not today.”")
    assert shown(text)[-1] != ("Not today.", "Anne")


def test_a_cue_among_the_last_words_of_open_narration_introduces_the_next_line():
    text = ("“Will you stay?” asked Mary.\n\n"
            "Emma's politeness was at hand directly, to say, with smiling interest--\n\n"
            "“Have you heard from Miss Fairfax so lately?”")
    assert shown(text)[-1] == ("Have you heard from Miss Fairfax so lately?", "Emma")
