"""The built site's link check (aigov.book.sitecheck) on a small hand-made site."""

from __future__ import annotations

from pathlib import Path

from aigov.book import sitecheck


def test_link_check_reports_missing_pages_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a><a href="b.html#gone">x</a><a href="c.html">x</a>'
        '<a href="https://example.org/x#y">ext</a><a href="#top">self</a><p id="top"></p>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<h1 id="here">B</h1>', encoding="utf-8")
    report = sitecheck.check_links(tmp_path)
    assert report.broken == ["a.html: b.html#gone (no anchor 'gone')", "a.html: c.html (no such file)"]
    assert report.external == {"https://example.org/x": {"a.html"}}
