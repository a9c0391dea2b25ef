"""Read a document's text into paragraphs, quotes and transcript turns, and compose one extraction."""
