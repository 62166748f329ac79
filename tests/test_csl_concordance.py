"""The Cybersecurity Law concordance: 2016 article numbers against the numbers in force since 2026.

The NPC Standing Committee amended the Cybersecurity Law on 28 October 2025 (in force 1 January
2026). The amending decision inserts a new Art. 3 and a new Art. 20 and republishes the law with its
articles renumbered: old Arts. 3-18 moved up by one (old Art. 18 -> 19) and every article from old
Art. 19 onwards moved up by two (the decision itself names old Art. 18 -> 19, 40 -> 42 and 59 -> 61; the amended text confirms 21 -> 23,
24 -> 26, 37 -> 39, 47 -> 49 and 76 -> 78). See data/legal_duties.csv ('article' and
'article_before_2026') and the chapter on surveillance.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aigov import data

ROOT = Path(__file__).resolve().parents[1]
CSL = "Cybersecurity Law"

# Old (2016 text) -> new (in force since 1 January 2026), for every article the book cites.
CONCORDANCE = {21: 23, 24: 26, 28: 30, 37: 39, 40: 42, 41: 43, 47: 49, 58: 60, 59: 61, 76: 78}
# Laws renumbered since HRIC wrote; every row of theirs must carry both numbers.
RENUMBERED_LAWS = {CSL}
# A source for the number in the 2016 text, and one for the number in force today.
OLD_NUMBER_SOURCES = {"hric2019surveillance", "chinalawtranslate2016csl"}
NEW_NUMBER_SOURCES = {"npcsc2025csldecision", "cdr2026csl"}

# Pages whose text must use the numbers in force today (an old number only with "before 2026").
CURRENT_TEXTS = [
    "chapters/surveillance/index.md",
    "casestudies/who-must-hand-over-data.ipynb",
    "aigov/cases/who_must_hand_over_data.py",
    "appendix/instructor/surveillance.md",
]


def number(article: str) -> int:
    match = re.fullmatch(r"Art\. ([0-9]+)", article.strip())
    assert match, f"not an article number: {article!r}"
    return int(match.group(1))


@pytest.fixture(scope="module")
def duties():
    return data.load("legal_duties").fillna("")


def test_concordance_follows_the_amending_decision() -> None:
    # New Art. 3 and new Art. 20 are inserted, nothing cited here is deleted: +2 from old Art. 19 on.
    for old, new in CONCORDANCE.items():
        assert new == old + 2, (old, new)


def test_each_old_number_maps_to_one_new_number(duties) -> None:
    rows = duties[duties["article_before_2026"] != ""]
    seen: dict[tuple[str, int], int] = {}
    for _, row in rows.iterrows():
        key = (row["law"], number(row["article_before_2026"]))
        new = number(row["article"])
        assert seen.setdefault(key, new) == new, f"{key} maps to {seen[key]} and {new}"
    # ... and no two old numbers map to the same new one.
    pairs = set(seen.items())
    assert len({(law, new) for (law, _old), new in pairs}) == len(pairs)


def test_every_row_of_a_renumbered_law_has_both_numbers_and_they_agree_with_the_concordance(duties) -> None:
    csl = duties[duties["law"].isin(RENUMBERED_LAWS)]
    assert len(csl) == 4
    for _, row in csl.iterrows():
        old, new = number(row["article_before_2026"]), number(row["article"])
        assert CONCORDANCE[old] == new, row["id"]
        assert row["id"] == f"csl-{new}", "the id names the article in force today"


def test_rows_of_laws_not_renumbered_have_no_old_number(duties) -> None:
    others = duties[~duties["law"].isin(RENUMBERED_LAWS)]
    assert (others["article_before_2026"] == "").all()


def test_both_numbers_are_cited(duties) -> None:
    for _, row in duties[duties["article_before_2026"] != ""].iterrows():
        keys = set(row["source"].split(";"))
        assert keys & OLD_NUMBER_SOURCES, f"{row['id']}: no source for the 2016 number"
        assert keys & NEW_NUMBER_SOURCES, f"{row['id']}: no source for the current number"


def test_schema_describes_the_old_number_column() -> None:
    fields = {f["name"]: f for f in data.describe("legal_duties")["schema"]["fields"]}
    names = list(fields)
    assert names.index("article_before_2026") == names.index("article") + 1
    assert "1 January 2026" in fields["article_before_2026"]["description"]


def _text(path: str) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    if path.endswith(".ipynb"):
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return text


# "Cybersecurity Law, Art. 28", "Cybersecurity Law's Art. 76", "CSL Arts. 24, 28 and 76", "(Cybersecurity Law Art. 21)".
MENTION = re.compile(r"(?:Cybersecurity Law(?:'s)?|CSL),? Arts?\. ([0-9]+(?:(?:, | and )[0-9]+)*)")


def old_number_mentions(text: str) -> list[str]:
    """Mentions of a CSL article by a number that is no longer in force, without 'before 2026' after it."""
    stale = set(CONCORDANCE) - set(CONCORDANCE.values())
    bad = []
    for match in MENTION.finditer(text):
        numbers = [int(n) for n in re.findall(r"[0-9]+", match.group(1))]
        after = text[match.end() : match.end() + 60]
        if any(n in stale for n in numbers) and "before 2026" not in after and "2016 text" not in after:
            bad.append(text[max(0, match.start() - 20) : match.end() + 30])
    return bad


def test_the_check_catches_an_old_number() -> None:
    assert old_number_mentions("see the Cybersecurity Law, Art. 24 on real names")
    assert old_number_mentions("CSL Arts. 26, 28 and 78")
    assert not old_number_mentions("Cybersecurity Law Art. 26 (Art. 24 before 2026)")
    assert not old_number_mentions("CSL Arts. 26, 30 and 78")


@pytest.mark.parametrize("path", CURRENT_TEXTS)
def test_text_uses_current_csl_numbers(path: str) -> None:
    assert old_number_mentions(_text(path)) == []
