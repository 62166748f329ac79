"""The command line of the book's package: ``python -m aigov COMMAND``.

Commands:

- ``student-copy OUT_DIR``: write every lab notebook to OUT_DIR without the solutions.
- ``answer-key OUT_FILE``: write the instructor answer key (MyST Markdown) to OUT_FILE.
- ``clean-notebooks``: strip execution timestamps and saved widget state from the lab notebooks.
- ``assess SCENARIO.json [--rulebook fr|genai] [--regime ID] [--format json|table]``: run a
  scenario through the rules engine (:mod:`aigov.rules`); ``-`` reads it from standard
  input. The rulebook is the one ``--rulebook`` names, else the one the scenario's field
  ``rulebook`` names, else facial recognition. Exit status 1 if the scenario is malformed,
  with a message naming the file, each field at fault and its allowed values.
- ``rules-reference OUT_FILE [--rulebook fr|genai]``: write the book's page on a rulebook's
  scenario format and provisions.
- ``appendix``: write the appendix pages generated from data (data guide, glossary).
- ``archive [--out ZIP] [--html DIR]``: build the book and zip the site so that it works
  opened from disk (default ``dist/ai-governance-in-china-EDITION-site.zip``); with
  ``--html``, zip a site already built instead.
- ``pdf [--instructor] [--site DIR] [--output FILE]``: the whole book as one PDF
  (:mod:`aigov.book.pdf`), by default from a fresh ``jupyter-book build .`` into
  ``_build/pdf/``; ``--instructor`` keeps the solutions and the instructor guide.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from aigov import rules
from aigov.book import appendix, archive, notebooks, pdf, rules_reference, teaching
from aigov.paths import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aigov", description="Tools for the textbook AI Governance in China."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    copy = commands.add_parser("student-copy", help="write the lab notebooks without their solutions")
    copy.add_argument("out_dir", type=Path, help="folder to write the student notebooks into")
    key = commands.add_parser("answer-key", help="write the instructor answer key page")
    key.add_argument("out_file", type=Path, help="Markdown file to write, e.g. appendix/instructor/answer-key.md")
    commands.add_parser("clean-notebooks", help="strip run-specific metadata from the lab notebooks")
    assess = commands.add_parser("assess", help="assess a scenario under each regime of its rulebook")
    assess.add_argument(
        "scenario",
        type=Path,
        help="scenario file (JSON; format in data/scenario.schema.json or data/genai_scenario.schema.json), "
        "or - for standard input",
    )
    assess.add_argument(
        "--rulebook",
        choices=list(rules.RULEBOOKS),
        help="the rulebook to assess under (default: the one the scenario's field 'rulebook' names, else fr)",
    )
    assess.add_argument(
        "--regime",
        action="append",
        choices=[
            regime for rulebook in rules.RULEBOOKS.values() for regime in rules.load_rules(rulebook=rulebook).regime_ids
        ],
        help="only this regime (repeat for several); default: all the rulebook's regimes",
    )
    assess.add_argument("--format", choices=["json", "table"], default="json", help="output format (default: json)")
    reference = commands.add_parser("rules-reference", help="write the page documenting scenarios and provisions")
    reference.add_argument(
        "out_file", type=Path, help="Markdown file to write, e.g. chapters/facial-recognition/scenario-schema.md"
    )
    reference.add_argument(
        "--rulebook", choices=list(rules.RULEBOOKS), default="fr", help="the rulebook to document (default: fr)"
    )
    commands.add_parser("appendix", help="write the appendix pages generated from data (data guide, glossary)")
    offline = commands.add_parser("archive", help="build the book and zip the site so that it works opened from disk")
    offline.add_argument(
        "--out", type=Path, default=archive.default_archive(), help="zip file to write (default: %(default)s)"
    )
    offline.add_argument("--html", type=Path, help="zip this built site (such as _build/html) instead of building")
    book = commands.add_parser("pdf", help="print the whole book to one PDF (needs Chromium and fonts, see README)")
    book.add_argument(
        "--instructor", action="store_true", help="instructor edition: keep the solutions and the instructor guide"
    )
    book.add_argument(
        "--site", type=Path, help="an HTML build of the book to print (default: build it now into _build/html)"
    )
    book.add_argument("--output", type=Path, help=f"PDF file to write (default: _build/pdf/{pdf.PDF_NAME})")
    args = parser.parse_args(argv)

    try:
        if args.command == "assess":
            print(_assess(args.scenario, args.rulebook, args.regime, args.format))
        elif args.command == "rules-reference":
            args.out_file.parent.mkdir(parents=True, exist_ok=True)
            args.out_file.write_text(rules_reference.page(rules.RULEBOOKS[args.rulebook]), encoding="utf-8")
            print(f"wrote the rules reference to {args.out_file}")
        elif args.command == "pdf":
            print(f"wrote {_pdf(args.site, args.output, pdf.Edition(instructor=args.instructor))}")
        elif args.command == "appendix":
            for path in appendix.write_pages():
                print(f"wrote {path.relative_to(appendix.ROOT)}")
        elif args.command == "student-copy":
            written = teaching.student_copy(args.out_dir)
            print(f"wrote {len(written)} student notebook(s) without solutions to {args.out_dir}")
        elif args.command == "archive":
            html = args.html if args.html else archive.build_site()
            print(f"wrote the offline site archive to {archive.write_archive(html, args.out)}")
        elif args.command == "clean-notebooks":
            changed = [p for p in notebooks.lab_notebooks() if notebooks.clean(p)]
            print(f"cleaned {len(changed)} notebook(s)")
        else:
            args.out_file.parent.mkdir(parents=True, exist_ok=True)
            args.out_file.write_text(teaching.answer_key(), encoding="utf-8")
            print(f"wrote the answer key to {args.out_file}")
    except (ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def _pdf(site: Path | None, output: Path | None, edition: pdf.Edition) -> Path:
    if site is None:
        site = ROOT / "_build" / "html"
        jupyter_book = Path(sys.executable).parent / "jupyter-book"
        done = subprocess.run([str(jupyter_book), "build", str(ROOT)], cwd=ROOT)
        if done.returncode != 0:
            raise ValueError("jupyter-book build failed (its messages are above); no PDF written")
    return pdf.render(site, output or pdf.default_output(site, edition), edition)


def _assess(path: Path, rulebook_id: str | None, regimes: list[str] | None, output: str) -> str:
    named = rules.RULEBOOKS[rulebook_id] if rulebook_id else None
    if str(path) == "-":
        scenario = rules.read_scenario(sys.stdin.buffer.read(), "standard input", named)
    else:
        scenario = rules.load_scenario(path, named)
    # A valid scenario names no rulebook, or the one it was checked against.
    engine = rules.load_rules(rulebook=named or rules.scenario_rulebook(scenario))
    if output == "table":
        findings = rules.assess(scenario, regimes, engine)
        return f"{rules.printable(scenario['name'])}\n\n" + rules.format_findings(findings, regimes, engine)
    return json.dumps(rules.report(scenario, regimes, engine), indent=2, ensure_ascii=False)
