"""The report of a run: files not indexed counted as skipped, files indexed with warnings listed as warnings."""
from __future__ import annotations

from click.testing import CliRunner

from search.cli import main
from search.documents import Skipped
from search.documents.report import lines, not_indexed, tally
from tests.conftest import pdf_bytes
from tests.test_captions import VTT


def test_files_not_indexed_count_once_and_warnings_apart():
    reports = [Skipped("a.pdf", "truncated", "a.pdf"), Skipped("b.pdf p. 2", "no text layer", "b.pdf", True),
               Skipped("c.jsonl:2", "invalid JSON", "c.jsonl"), Skipped("c.jsonl:3", "no text", "c.jsonl")]
    assert not_indexed(reports) == ["a.pdf", "c.jsonl"]
    assert tally(reports) == "skipped 2 files; 1 warning"
    assert tally([]) == "skipped 0 files"
    assert tally(reports[:1]) == "skipped 1 file"
    assert lines(reports[:2]) == ["skipped a.pdf: truncated", "warning b.pdf p. 2: no text layer"]


def test_a_long_run_of_one_reason_is_cut_short_with_a_count():
    images = [Skipped(f"page_files/{n}.png", "unsupported file type .png", f"page_files/{n}.png") for n in range(25)]
    told = lines(images)
    assert told[:10] == [f"skipped page_files/{n}.png: unsupported file type .png" for n in range(10)]
    assert told[10:] == ["skipped 15 more files: unsupported file type .png"]
    assert tally(images) == "skipped 25 files"


def test_a_pdf_with_blank_pages_and_captions_with_overlaps_are_indexed_with_warnings(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "clean-report.pdf").write_bytes(pdf_bytes([[(72, 72, "“We will open the bridge,” said Ann Lee.")]]))
    (docs / "clean-captions.vtt").write_text(VTT, encoding="utf-8")
    (docs / "blank.pdf").write_bytes(pdf_bytes([[(72, 72, "Page one text.")], "scan"]))
    (docs / "overlap.vtt").write_text(VTT + "\n00:41:11.000 --> 00:41:14.000\nJOE BIDEN: Really.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["reindex", str(docs), "--index-dir", str(tmp_path / "ix"), "--jobs", "1"])
    assert result.exit_code == 0
    assert "Indexed 4 documents" in result.output
    assert result.output.rstrip().endswith("skipped 0 files; 2 warnings.")
    assert f"warning {docs / 'blank.pdf'} p. 2: no text layer (scanned?) on p. 2" in result.output
    assert f"warning {docs / 'overlap.vtt'}:" in result.output and "overlapping cues" in result.output
    assert "clean" not in result.output.replace(str(docs), "")


def test_clean_files_report_nothing(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.pdf").write_bytes(pdf_bytes([[(72, 72, "“We will open the bridge,” said Ann Lee.")]]))
    (docs / "captions.vtt").write_text(VTT, encoding="utf-8")
    result = CliRunner().invoke(main, ["reindex", str(docs), "--index-dir", str(tmp_path / "ix"), "--jobs", "1"])
    assert result.exit_code == 0
    assert result.output.startswith("Indexed 2 documents") and result.output.rstrip().endswith("skipped 0 files.")
