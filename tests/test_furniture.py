from search.documents import furniture
from search.text.paragraphs import split

CAPTION = "A poster of the speaker hangs on a building near Tahrir Square. (AP Photo/Hadi Mizban)"


def dropped_texts(text):
    return [(text[d.start:d.end], d.reason) for d in furniture.find(text)]


def test_a_caption_printed_twice_keeps_its_first_copy():
    text = f"Headline\n\n{CAPTION}\n{CAPTION}\n\nThe story goes on."
    assert dropped_texts(text) == [(CAPTION, furniture.REPEATED_LINE)]
    assert [p.text for p in split(text, furniture.find(text))] == ["Headline", CAPTION, "The story goes on."]


def test_a_paragraph_repeated_right_after_itself_is_dropped_once_per_copy():
    para = "The minister resigned on Tuesday.\nShe gave no reason."
    text = f"{para}\n\n{para}\n\n{para}\n\nNext."
    found = furniture.find(text)
    assert [d.reason for d in found] == [furniture.REPEATED_PARAGRAPH] * 2
    assert [p.text for p in split(text, found)] == [para, "Next."]


def test_the_call_to_action_run_after_the_article_is_dropped():
    text = ("“We will win,” she said.\n\nread more:\nNever miss breaking news on Israel\n"
            "Get notifications to stay updated\nYou're subscribed")
    assert dropped_texts(text) == [("read more:\nNever miss breaking news on Israel\nGet notifications to stay updated\n"
                                    "You're subscribed", furniture.CALL_TO_ACTION)]
    assert [p.text for p in split(text, furniture.find(text))] == ["“We will win,” she said."]


def test_share_and_newsletter_lines_in_separate_paragraphs_are_one_run():
    text = "Body of the story.\n\nShare this article\n\nSign up for our newsletter\n"
    assert dropped_texts(text) == [("Share this article\n\nSign up for our newsletter", furniture.CALL_TO_ACTION)]


def test_text_that_must_yield_nothing():
    for text in [
        "“No.”\n“No.”",  # short lines said twice are speech
        f"{CAPTION}\nSomething else\n{CAPTION}",  # repeated, but not right after itself
        "Shares of the company fell 3% on Monday.",  # "share" in prose is not a call to action
        "Subscribers complained that the newsletter arrived late, the regulator said in its report on Tuesday, "
        "adding that it would publish its findings.",  # a long line about subscribing is prose
        "Subscribe to our newsletter",  # a text that is all call to action is left as it is
        "Read more about it below.\n\nThe article itself starts here and goes on.",  # not at the end
        "",
    ]:
        assert furniture.find(text) == (), text


def test_offsets_point_at_the_dropped_text_even_with_indentation():
    text = f"Intro line.\n  {CAPTION}  \n  {CAPTION}  \n"
    (d,) = furniture.find(text)
    assert text[d.start:d.end] == CAPTION and d.start > text.index(CAPTION)
