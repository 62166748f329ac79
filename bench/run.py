"""Benchmark report (not a test): build and test timings and page weight, on this machine.

    python bench/run.py             # everything
    python bench/run.py --no-tests  # skip timing the test suite
    python bench/run.py --site DIR --lighthouse  # weigh and score a site built before (no timings)

Reports clean-build and no-change rebuild seconds, full test-suite seconds, the seconds of
the unit tests alone (pytest -m "not browser and not build and not notebooks"), and for every
page the bytes a first-time reader downloads (the HTML plus every local asset the browser
loads for it, counted as Chromium fetches them), raw and gzip-compressed, then per page type
(text pages; chart pages before their charts near the screen, that is without the chart
bundle, which loads only then) against the book's targets. Writes the figures to
bench/results/latest.json as well.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {
    "clean_build_s": 30,
    "rebuild_s": 5,
    "test_suite_s": 180,
    "unit_tests_s": 30,
    "text_page_gzip_kb": 200,
    "chart_page_gzip_kb": 250,
}
# The chart renderer (vega-embed with vega and vega-lite) that charts-loader.js fetches only
# when a chart nears the screen: a chart page's first-visit weight is counted without it.
CHART_BUNDLE = re.compile(r"/_static/aigov/charts-[0-9a-f]+\.js$")
UNIT_TESTS = "not browser and not build and not notebooks"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"command failed: {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Gzipping(_Quiet):
    """Serves text files gzip-compressed when the browser asks, with cache headers, as static hosts do.

    Lighthouse measures what crosses the (simulated, slow) network, so serving
    uncompressed files would score a page as no real host delivers it. The cache lifetime
    is GitHub Pages' (ten minutes).
    """

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".map")

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in self.COMPRESSIBLE
            or not path.is_file()
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def page_weights(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in {"_static", "_sources"})
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for page_path in pages:
            context = browser.new_context()
            page = context.new_page()
            seen: dict[str, bytes] = {}

            def record(response, seen=seen) -> None:
                if urlparse(response.url).hostname == "127.0.0.1" and response.url not in seen:
                    try:
                        seen[response.url] = response.body()
                    except Exception:  # a response without a body (redirect) weighs nothing
                        seen[response.url] = b""

            page.on("response", record)
            page.goto(f"{base}/{page_path.relative_to(site)}", wait_until="networkidle")
            html = page_path.read_text(encoding="utf-8")
            rows.append(
                {
                    "page": str(page_path.relative_to(site)),
                    "has_chart": 'class="aigov-chart"' in html,
                    "requests": len(seen),
                    "raw_kb": sum(len(b) for b in seen.values()) / 1000,
                    "gzip_kb": sum(len(gzip.compress(b, 6)) for b in seen.values()) / 1000,
                    "chart_bundle_gzip_kb": sum(
                        len(gzip.compress(b, 6)) for url, b in seen.items() if CHART_BUNDLE.search(urlparse(url).path)
                    )
                    / 1000,
                    "html_kb": len(html.encode("utf-8")) / 1000,
                }
            )
            context.close()
        browser.close()
    server.shutdown()
    return rows


LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = {
    "text page": "chapters/surveillance/index.html",
    "lab page": "chapters/surveillance/lab-base-rates.html",
    "case-study page": "casestudies/hangzhou-safari-park.html",
}
LIGHTHOUSE_TARGETS = {
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
    "performance-desktop": 99,
}
# Mobile performance targets per page type (a lab or case page draws charts and runs forms).
MOBILE_TARGETS = {"text page": 95, "lab page": 90, "case-study page": 90}


def lighthouse_scores(site: Path, runs: int) -> dict[str, dict[str, float]]:
    """Median Lighthouse scores per page: mobile and desktop performance, and the other categories."""
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run 'npm ci --prefix bench'")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzipping, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
    results: dict[str, dict[str, float]] = {}
    try:
        for label, page in LIGHTHOUSE_PAGES.items():
            scores: dict[str, list[float]] = {}
            for preset in ("mobile", "desktop"):
                for _ in range(runs):
                    with tempfile.NamedTemporaryFile(suffix=".json") as report:
                        command = [
                            str(LIGHTHOUSE),
                            f"{base}/{page}",
                            "--quiet",
                            f"--chrome-flags={flags}",
                            "--only-categories=performance,accessibility,best-practices,seo",
                            "--output=json",
                            f"--output-path={report.name}",
                        ]
                        if preset == "desktop":
                            command.append("--preset=desktop")
                        # A run can fail on a busy machine (Chrome too slow to answer): try again.
                        for _attempt in range(3):
                            run = subprocess.run(
                                command,
                                capture_output=True,
                                text=True,
                                env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin"},
                            )
                            if run.returncode == 0:
                                break
                        else:
                            print(f"Lighthouse failed three times on {page} ({preset}): {run.stderr.strip()[-300:]}")
                            continue
                        categories = json.loads(Path(report.name).read_text())["categories"]
                    scores.setdefault(f"performance-{preset}", []).append(categories["performance"]["score"] * 100)
                    if preset == "mobile":
                        for name in ("accessibility", "best-practices", "seo"):
                            scores.setdefault(name, []).append(categories[name]["score"] * 100)
            results[label] = {name: statistics.median(values) for name, values in scores.items()}
            results[label]["runs"] = min(len(values) for values in scores.values()) if scores else 0
    finally:
        server.shutdown()
    return results


def page_type_summary(pages: list[dict]) -> list[dict]:
    """Per page type, the median and heaviest first-visit gzip weight, against its target."""
    kinds = (
        ("text pages", "text_page_gzip_kb", [row["gzip_kb"] for row in pages if not row["has_chart"]]),
        (
            "chart pages, before charts near the screen",
            "chart_page_gzip_kb",
            [row["gzip_kb"] - row["chart_bundle_gzip_kb"] for row in pages if row["has_chart"]],
        ),
    )
    return [
        {
            "type": label,
            "pages": len(weights),
            "median_gzip_kb": statistics.median(weights),
            "max_gzip_kb": max(weights),
            "target_gzip_kb": TARGETS[key],
        }
        for label, key, weights in kinds
        if weights
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-tests", action="store_true", help="do not time the test suite")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (npm ci --prefix bench)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page and preset (median)")
    parser.add_argument(
        "--site", type=Path, help="weigh (and score) this built site (a _build/html folder) instead of building one"
    )
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit("page weights need Chromium: apt-get install chromium")

    results: dict = {}
    with tempfile.TemporaryDirectory() as out:
        if args.site:
            site = args.site.resolve()
            if not (site / "searchindex.js").is_file():
                sys.exit(f"{site} is not a built site (no searchindex.js): pass its _build/html folder")
        else:
            build = [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", "--path-output", out, "."]
            results["clean_build_s"] = timed(build)
            results["rebuild_s"] = timed(build)
            site = Path(out) / "_build" / "html"
        results["pages"] = page_weights(site)
        results["page_types"] = page_type_summary(results["pages"])
        from aigov.book import sitecheck

        links = sitecheck.check_links(site)
        results["internal_links"] = links.checked
        results["broken_links"] = links.broken
        results["external_links"] = len(links.external)
        (ROOT / "bench" / "results").mkdir(exist_ok=True)
        (ROOT / "bench" / "results" / "external-links.txt").write_text(sitecheck.external_list(links), encoding="utf-8")
        if args.lighthouse:
            results["lighthouse"] = lighthouse_scores(site, args.lighthouse_runs)
            results["lighthouse_load_average"] = os.getloadavg()
    if not args.no_tests and not args.site:
        results["test_suite_s"] = timed([str(BIN / "pytest"), "-q"])
        results["unit_tests_s"] = timed([str(BIN / "pytest"), "-q", "-m", UNIT_TESTS])

    def verdict(value: float, target: float) -> str:
        return "ok" if value <= target else "OVER TARGET"

    for key, label in (
        ("clean_build_s", "clean build     "),
        ("rebuild_s", "no-change build "),
        ("test_suite_s", "test suite      "),
        ("unit_tests_s", "unit tests      "),
    ):
        if key in results:
            print(f"{label} {results[key]:7.1f} s   target <= {TARGETS[key]} s   {verdict(results[key], TARGETS[key])}")
    print()
    print(f"{'page':48} {'chart':>5} {'req':>4} {'html kB':>8} {'raw kB':>8} {'gzip kB':>8} {'charts kB':>9}")
    for row in results["pages"]:
        print(
            f"{row['page']:48} {'yes' if row['has_chart'] else 'no':>5} {row['requests']:>4} "
            f"{row['html_kb']:8.1f} {row['raw_kb']:8.1f} {row['gzip_kb']:8.1f} {row['chart_bundle_gzip_kb']:9.1f}"
        )
    print("(charts kB: the chart bundle, part of gzip kB when a chart was near the screen at load)")
    print()
    print(f"{'first visit, gzip':44} {'pages':>5} {'median kB':>10} {'max kB':>8}  target")
    for kind in results["page_types"]:
        print(
            f"{kind['type']:44} {kind['pages']:>5} {kind['median_gzip_kb']:10.1f} {kind['max_gzip_kb']:8.1f}  "
            f"<= {kind['target_gzip_kb']} {verdict(kind['max_gzip_kb'], kind['target_gzip_kb'])}"
        )
    print()
    print(
        f"links: {results['internal_links']} internal checked, {len(results['broken_links'])} broken; "
        f"{results['external_links']} external addresses listed in bench/results/external-links.txt (not fetched)"
    )
    if "lighthouse" in results:
        names = ("performance-mobile", *LIGHTHOUSE_TARGETS)
        print()
        print(f"{'Lighthouse (median)':24} " + " ".join(f"{name:>20}" for name in names) + "   runs")
        for label, scores in results["lighthouse"].items():
            targets = {"performance-mobile": MOBILE_TARGETS[label], **LIGHTHOUSE_TARGETS}
            cells = " ".join(
                f"{scores[name]:>12.0f} {'ok' if scores[name] >= targets[name] else 'UNDER':>7}"
                if name in scores
                else f"{'failed':>20}"
                for name in names
            )
            print(f"{label:24} {cells}   {scores.get('runs', 0)}")
        load = " ".join(f"{x:.2f}" for x in results["lighthouse_load_average"])
        print(f"(load average {load} after the runs: scores fall when the machine is busy)")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
