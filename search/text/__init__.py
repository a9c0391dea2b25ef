"""Split a text into paragraphs and quoted spans: the layer beneath attribution."""
