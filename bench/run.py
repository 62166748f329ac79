"""Benchmark report (not a test): build and test timings and page weight, on this machine.

    python bench/run.py             # everything
    python bench/run.py --no-tests  # skip timing the test suite

Reports clean-build and no-change rebuild seconds, full test-suite seconds, and for every
page the bytes a first-time reader downloads (the HTML plus every local asset the browser
loads for it, counted as Chromium fetches them), raw and gzip-compressed, against the
book's targets. Writes the figures to bench/results/latest.json as well.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {"clean_build_s": 30, "rebuild_s": 5, "test_suite_s": 180, "text_page_gzip_kb": 800, "chart_page_gzip_kb": 1200}
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
                    "html_kb": len(html.encode("utf-8")) / 1000,
                }
            )
            context.close()
        browser.close()
    server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-tests", action="store_true", help="do not time the test suite")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit("page weights need Chromium: apt-get install chromium")

    results: dict = {}
    with tempfile.TemporaryDirectory() as out:
        build = [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", "--path-output", out, "."]
        results["clean_build_s"] = timed(build)
        results["rebuild_s"] = timed(build)
        results["pages"] = page_weights(Path(out) / "_build" / "html")
    if not args.no_tests:
        results["test_suite_s"] = timed([str(BIN / "pytest"), "-q"])

    def verdict(value: float, target: float) -> str:
        return "ok" if value <= target else "OVER TARGET"

    print(f"clean build      {results['clean_build_s']:7.1f} s   target <= {TARGETS['clean_build_s']} s   "
          f"{verdict(results['clean_build_s'], TARGETS['clean_build_s'])}")
    print(f"no-change build  {results['rebuild_s']:7.1f} s   target <= {TARGETS['rebuild_s']} s   "
          f"{verdict(results['rebuild_s'], TARGETS['rebuild_s'])}")
    if "test_suite_s" in results:
        print(f"test suite       {results['test_suite_s']:7.1f} s   target <= {TARGETS['test_suite_s']} s   "
              f"{verdict(results['test_suite_s'], TARGETS['test_suite_s'])}")
    print()
    print(f"{'page':48} {'chart':>5} {'req':>4} {'html kB':>8} {'raw kB':>8} {'gzip kB':>8}  target")
    for row in results["pages"]:
        target = TARGETS["chart_page_gzip_kb" if row["has_chart"] else "text_page_gzip_kb"]
        print(f"{row['page']:48} {'yes' if row['has_chart'] else 'no':>5} {row['requests']:>4} "
              f"{row['html_kb']:8.1f} {row['raw_kb']:8.1f} {row['gzip_kb']:8.1f}  <= {target} "
              f"{verdict(row['gzip_kb'], target)}")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
