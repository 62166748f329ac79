"""Command line of the book's package: ``python -m aigov COMMAND``.

Commands:

- ``student-copy OUT_DIR``: write every lab notebook to OUT_DIR without the solutions.
- ``answer-key OUT_FILE``: write the instructor answer key (MyST Markdown) to OUT_FILE.
- ``clean-notebooks``: strip execution timestamps and saved widget state from the lab notebooks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aigov import notebooks, teaching


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aigov", description="Tools for the textbook AI Governance in China.")
    commands = parser.add_subparsers(dest="command", required=True)
    copy = commands.add_parser("student-copy", help="write the lab notebooks without their solutions")
    copy.add_argument("out_dir", type=Path, help="folder to write the student notebooks into")
    key = commands.add_parser("answer-key", help="write the instructor answer key page")
    key.add_argument("out_file", type=Path, help="Markdown file to write, e.g. appendix/instructor/answer-key.md")
    commands.add_parser("clean-notebooks", help="strip run-specific metadata from the lab notebooks")
    args = parser.parse_args(argv)

    try:
        if args.command == "student-copy":
            written = teaching.student_copy(args.out_dir)
            print(f"wrote {len(written)} student notebook(s) without solutions to {args.out_dir}")
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


if __name__ == "__main__":
    sys.exit(main())
