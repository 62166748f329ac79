"""Audit of the first half of the built pages (see tests/site_audit.py)."""

from site_audit import (  # noqa: F401  (collected as this file's tests)
    audit,
    test_colour_contrast_in_dark_mode,
    test_every_chart_renders_with_text_alternatives,
    test_every_page_loads_cleanly_and_stays_local,
    test_no_serious_accessibility_violations,
)

HALF = 0
