"""The checkers' forms on the built lab pages, driven by keyboard in headless Chromium: the
facial-recognition compliance checker and the service checker for generative-AI and
algorithmic services.

The verdicts expected here are written from the law as the chapters and the service-checker
lab state it, not read from the engine; tests/test_rules_js.py compares the two engines.
"""

from __future__ import annotations

import json
from pathlib import Path

from support import ROOT, PageVisit

from aigov import rules

LAB = "chapters/facial-recognition/lab-compliance-checker.html"
PREFIX = "aigov-checker-fr"
SERVICE_LAB = "chapters/algorithms-generative-ai/lab-service-checker.html"
SERVICE_PREFIX = "aigov-checker-genai"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab, for a control above the focus) until the control with this id
    has the focus: it is reachable by keyboard."""
    backwards = page.evaluate(
        """id => { const a = document.activeElement, t = document.getElementById(id);
            return !!a && a !== document.body && !!(a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING); }""",
        element_id,
    )
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"the keyboard never reached #{element_id}")


def _choose(page, field: str, label: str, prefix: str = PREFIX) -> None:
    """Pick an option of a menu with the arrow keys, as a keyboard user would."""
    _tab_to(page, f"{prefix}-{field}")
    options = page.locator(f"#{prefix}-{field} option").all_text_contents()
    current = page.locator(f"#{prefix}-{field}").evaluate("s => s.selectedIndex")
    steps = options.index(label) - current
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")


def _load_example(page, name: str, prefix: str = PREFIX) -> None:
    page.locator(f"#{prefix}-start").focus()
    options = page.locator(f"#{prefix}-start option").all_text_contents()
    current = page.locator(f"#{prefix}-start").evaluate("s => s.selectedIndex")
    steps = options.index(name) - current
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("([id, n]) => document.getElementById(id).value === n", arg=[f"{prefix}-name", name])


def _verdicts(page) -> dict[str, str]:
    return dict(
        page.locator(".aigov-checker-regime").evaluate_all(
            "ss => ss.map(s => [s.dataset.regime, s.querySelector('.aigov-checker-verdict').textContent])"
        )
    )


def _findings(page, regime: str) -> list[str]:
    return page.locator(f".aigov-checker-regime[data-regime={regime}] li").all_text_contents()


def _open(browser, site_url: str, lab: str = LAB, prefix: str = PREFIX) -> PageVisit:
    visit = PageVisit(browser, f"{site_url}/{lab}")
    visit.page.locator(f"#{prefix}-start").wait_for()
    return visit


def _axe_violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async () => (await axe.run(document.querySelector('.aigov-checker'), {resultTypes: ['violations'], preload: false}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )


def test_hotel_room_is_prohibited_under_both_cac_texts(browser, site_url: str) -> None:
    # Both texts ban face-recognition devices in hotel rooms (chapter: the draft's "Places"
    # rule; the Measures "bar face-recognition devices there").
    with _open(browser, site_url) as visit:
        _load_example(visit.page, "Hotel room camera")
        verdicts = _verdicts(visit.page)
        assert verdicts["cac2023"] == "prohibited"
        assert verdicts["cac2025"] == "prohibited"
        assert any("prohibited" in finding for finding in _findings(visit.page, "cac2025"))
        assert visit.errors == []


def test_emotion_recognition_at_work_is_banned_by_the_ai_act_unless_for_safety(browser, site_url: str) -> None:
    # AI Act Art. 5(1)(f): no inferring emotions in workplaces, except for medical or safety reasons.
    with _open(browser, site_url) as visit:
        page = visit.page
        _load_example(page, "Hotel room camera")
        _choose(page, "place", "workplace")
        emotion = rules.allowed_values("inferred_attributes").index("emotion")
        _tab_to(page, f"{PREFIX}-inferred_attributes-{emotion}")
        page.keyboard.press("Space")
        page.wait_for_function("() => document.querySelector('[data-regime=euaiact] li')")
        assert _verdicts(page)["euaiact"] == "prohibited"
        assert any("Art. 5(1)(f)" in f and "prohibited" in f for f in _findings(page, "euaiact"))
        _choose(page, "purpose", "medical or safety")
        page.wait_for_function(
            "() => ![...document.querySelectorAll('[data-regime=euaiact] li')]"
            ".some(li => li.textContent.includes('Art. 5(1)(f)') && li.textContent.includes('prohibited'))"
        )
        assert visit.errors == []


def test_bipa_does_not_bind_government(browser, site_url: str) -> None:
    # BIPA binds private entities, not government (chapter: "United States").
    with _open(browser, site_url) as visit:
        page = visit.page
        _load_example(page, "Hotel room camera")
        assert _verdicts(page)["bipa"] != "out of scope"
        _choose(page, "operator", "public authority")
        page.wait_for_function(
            "() => document.querySelector('[data-regime=bipa] .aigov-checker-verdict').textContent === 'out of scope'"
        )
        assert visit.errors == []


def test_every_worked_scenario_gets_the_command_lines_verdicts(browser, site_url: str) -> None:
    with _open(browser, site_url) as visit:
        for scenario in rules.example_scenarios().values():
            _load_example(visit.page, scenario["name"])
            assert _verdicts(visit.page) == rules.report(scenario)["verdicts"], scenario["name"]


def test_bad_entry_is_named_by_its_label_and_the_page_stays_accessible(browser, site_url: str) -> None:
    with _open(browser, site_url) as visit:
        page = visit.page
        page.locator(f"#{PREFIX}-start").focus()
        _tab_to(page, f"{PREFIX}-youngest_age")
        page.keyboard.press("Control+A")
        page.keyboard.type("-3")
        status = page.locator(".aigov-checker-status")
        status.filter(has_text="Youngest person scanned (years)").wait_for()
        assert "-3 is not allowed; a whole number from 0 to 120" in status.text_content()
        assert "youngest_age" not in status.text_content()
        assert page.locator(f"#{PREFIX}-youngest_age").get_attribute("aria-invalid") == "true"
        assert page.locator(".aigov-checker-regime").count() == 0
        assert _axe_violations(page) == []
        page.keyboard.press("Control+A")
        page.keyboard.type("30")
        page.locator(".aigov-checker-regime").first.wait_for()
        assert visit.errors == []


def test_citations_link_to_bibliography_entries(site: Path) -> None:
    page = (site / LAB).read_text(encoding="utf-8")
    data = json.loads(page.split('class="aigov-checker-data">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</"))
    bibliography = (site / "appendix" / "bibliography.html").read_text(encoding="utf-8")
    assert data["citations"]
    for key, entry in data["citations"].items():
        target = (site / LAB).parent / entry["href"].split("#")[0]
        assert target.resolve() == (site / "appendix" / "bibliography.html").resolve(), key
        assert f'id="{entry["href"].split("#")[1]}"' in bibliography, key


def test_form_works_with_networking_disabled(browser, site: Path) -> None:
    context = browser.new_context(offline=True)
    page = context.new_page()
    try:
        page.goto((site / LAB).as_uri(), wait_until="load")
        page.locator(".aigov-checker-regime").first.wait_for(timeout=15000)
        assert len(_verdicts(page)) == len(rules.load_rules().regimes)
    finally:
        context.close()


# --- the service checker (rulebook genai) ----------------------------------------------------


def _verdict_is(page, regime: str, verdict: str) -> None:
    page.wait_for_function(
        "([r, v]) => { const s = document.querySelector(`[data-regime=${r}] .aigov-checker-verdict`);"
        " return !!s && s.textContent === v; }",
        arg=[regime, verdict],
    )


def test_face_swap_needs_the_edited_peoples_consent_and_a_keyboard_can_give_it(browser, site_url: str) -> None:
    # Deep synthesis provisions Art. 14: a face-editing service must prompt its users to tell the
    # people edited and obtain their separate consent; the worked face-swap app does not.
    with _open(browser, site_url, SERVICE_LAB, SERVICE_PREFIX) as visit:
        page = visit.page
        _load_example(page, "Face-swap app", SERVICE_PREFIX)
        assert any("(Art. 14): requires" in f for f in _findings(page, "deepsynth"))
        _tab_to(page, f"{SERVICE_PREFIX}-biometric_editing_consent")
        page.keyboard.press("Space")
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-regime=deepsynth] li')]"
            ".some(li => li.textContent.includes('(Art. 14): permitted'))"
        )
        # The app still lacks a machine-readable mark (Art. 16), so deep synthesis is not yet met.
        assert _verdicts(page)["deepsynth"] == "requires action"
        assert visit.errors == []


def test_a_service_kept_inside_the_company_leaves_chinas_rules_but_not_the_eus(browser, site_url: str) -> None:
    # Interim Measures Art. 2: organisations that use generative AI without offering a service to
    # the public in China fall outside them; the EU AI Act covers putting a system into service
    # for one's own use, so Art. 50 still applies.
    with _open(browser, site_url, SERVICE_LAB, SERVICE_PREFIX) as visit:
        page = visit.page
        _load_example(page, "Chatbot launched to the public in China", SERVICE_PREFIX)
        assert _verdicts(page)["genai"] == "permitted"
        _choose(page, "audience", "internal", SERVICE_PREFIX)
        _verdict_is(page, "genai", "out of scope")
        verdicts = _verdicts(page)
        assert verdicts["deepsynth"] == verdicts["labels"] == "out of scope"
        assert verdicts["euai50"] == "permitted"
        assert visit.errors == []


def test_every_worked_service_gets_the_command_lines_verdicts(browser, site_url: str) -> None:
    engine = rules.load_rules(rulebook=rules.GENAI)
    with _open(browser, site_url, SERVICE_LAB, SERVICE_PREFIX) as visit:
        for service in rules.example_scenarios(rules.GENAI).values():
            _load_example(visit.page, service["name"], SERVICE_PREFIX)
            assert _verdicts(visit.page) == rules.report(service, rules=engine)["verdicts"], service["name"]


def test_service_form_asks_no_rulebook_and_stays_accessible(browser, site_url: str) -> None:
    with _open(browser, site_url, SERVICE_LAB, SERVICE_PREFIX) as visit:
        page = visit.page
        assert page.locator(f"#{SERVICE_PREFIX}-rulebook").count() == 0
        assert page.locator(f"#{SERVICE_PREFIX}-service_kinds legend").text_content() == "What the service produces"
        assert _axe_violations(page) == []
        links = page.locator(".aigov-checker-provision a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert links and all(href.startswith("service-schema.html#provision-") for href in links)
        assert visit.errors == []
