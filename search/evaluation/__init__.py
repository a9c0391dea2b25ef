"""Score the extractor on annotated text, and fit the confidence table from the scores."""
