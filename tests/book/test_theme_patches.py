"""The theme patches that cut what a first visit downloads: optional assets and the icon font."""

from __future__ import annotations

import shutil
from pathlib import Path

import pydata_sphinx_theme
from fontTools.ttLib import TTFont

from aigov.book import theme_patches

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
ALL_OPTIONAL = {name for names, _ in theme_patches._OPTIONAL_ASSETS for name in names}


def test_a_plain_text_page_needs_none_of_the_optional_assets() -> None:
    body = (
        '<section id="x"><h1>Title</h1><p>Text with <a class="reference internal" href="#y">a link</a>.</p></section>'
    )
    assert set(theme_patches.unused_assets(body)) == ALL_OPTIONAL


def test_each_optional_asset_stays_where_its_markup_is() -> None:
    code = '<div class="highlight-python notranslate"><div class="highlight"><pre>x = 1</pre></div></div>'
    cell = '<div class="cell docutils container"><div class="cell_input docutils container"></div></div>'
    toggle = '<div class="toggle docutils container"><p>Hidden</p></div>'
    dropdown = '<div class="admonition dropdown"><p class="admonition-title">Solution</p></div>'
    card = '<div class="sd-card sd-sphinx-override"></div>'
    assert "copybutton.js" not in theme_patches.unused_assets(code)
    assert "mystnb." not in theme_patches.unused_assets(cell)
    assert "togglebutton.js" not in theme_patches.unused_assets(toggle)
    assert "togglebutton.js" not in theme_patches.unused_assets(dropdown)
    assert "design-tabs.js" not in theme_patches.unused_assets(card)
    assert "copybutton.js" in theme_patches.unused_assets(cell + toggle)


def test_a_dropdown_button_is_not_a_toggle() -> None:
    # The theme's own header menus carry "dropdown-toggle"; togglebutton acts on neither.
    assert "togglebutton.js" in theme_patches.unused_assets('<button class="btn dropdown-toggle">Download</button>')


def test_icon_rules_of_unused_icons_are_dropped() -> None:
    css = (
        '.fa-solid{font-weight:900}.fa-sun:before{content:"\\f185"}'
        '.fa-anchor:before{content:"\\f13d"}.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
        "/*# sourceMappingURL=pydata-sphinx-theme.css.map*/"
    )
    trimmed = theme_patches.trim_icon_rules(css, {"fa-sun", "fa-search"})
    assert trimmed == '.fa-solid{font-weight:900}.fa-sun:before{content:"\\f185"}' + (
        '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
    )


def test_the_icon_font_keeps_exactly_the_glyphs_the_site_shows(tmp_path: Path) -> None:
    site = tmp_path / "html"
    (site / "_static" / "styles").mkdir(parents=True)
    shutil.copy(THEME_STATIC / "styles" / "pydata-sphinx-theme.css", site / "_static" / "styles")
    fonts = site / theme_patches.ICON_FONTS
    fonts.mkdir(parents=True)
    # The regular-weight font only: it has the glyphs this test needs and subsets quickly.
    shutil.copy(THEME_STATIC / "vendor" / "fontawesome" / "webfonts" / "fa-regular-400.woff2", fonts)
    (site / "page.html").write_text('<i class="fa-regular fa-sun"></i><i class="fa-regular fa-moon"></i>')
    theme_patches.trim_icons(site, tmp_path / "cache")

    css = (site / theme_patches.ICON_STYLESHEET).read_text(encoding="utf-8")
    assert '.fa-sun:before{content:"\\f185"}' in css and ".fa-anchor:before" not in css
    glyphs = set(TTFont(fonts / "fa-regular-400.woff2").getBestCmap())
    assert {0xF185, 0xF186} <= glyphs  # sun and moon
    full = set(TTFont(THEME_STATIC / "vendor" / "fontawesome" / "webfonts" / "fa-regular-400.woff2").getBestCmap())
    # The theme's own rules draw icons by character (admonitions): those glyphs stay too.
    assert "\uf058" in css  # --pst-icon-check-circle
    assert glyphs == full & theme_patches._glyphs(css) and 0xF058 in glyphs
    assert len(glyphs) < 40 < len(full)


def test_theme_scripts_are_deferred_but_not_the_settings_inline_scripts_read() -> None:
    from sphinx.builders.html._assets import _JavaScript

    context = {
        "script_files": [
            _JavaScript("_static/documentation_options.js?v=1"),
            _JavaScript("_static/doctools.js?v=2"),
            _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
            _JavaScript("_static/scripts/sphinx-book-theme.js?v=3"),
            _JavaScript("_static/aigov/chart-loader-1.js", defer="defer"),
            _JavaScript("_static/aigov/rules-1.js"),
        ]
    }
    theme_patches._defer_theme_scripts(None, "page", "page.html", context, None)
    assert [script.attributes.get("defer") for script in context["script_files"]] == [
        None,
        "defer",
        None,
        "defer",
        "defer",
        None,
    ]


def test_the_search_page_keeps_its_scripts_in_order() -> None:
    from sphinx.builders.html._assets import _JavaScript

    context = {"script_files": [_JavaScript("_static/doctools.js?v=2")]}
    theme_patches._defer_theme_scripts(None, "search", "search.html", context, None)
    assert "defer" not in context["script_files"][0].attributes
