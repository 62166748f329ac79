"""The rulebook for generative-AI and algorithmic services: every provision triggered and not,
the worked scenarios, article numbers, bad scenarios and how a scenario names its rulebook.

The expected outcomes are written from the rules' texts as the service-checker lab and the
reference page describe them (algorithmic recommendation 2022, deep synthesis 2023,
generative AI 2023, labelling 2025 with GB 45438-2025, EU AI Act Arts. 2(6), 50, 53 and 55),
not copied from the engine's output: each case changes a neutral, compliant service in one
or two ways and says what the rule should say.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from support import provision_test_gaps

from aigov import rules
from aigov.bibliography import citation_keys

GENAI = rules.GENAI
# A Chinese company's text-and-image service for the public in China that does everything
# asked of it: lawful training data, both labels, disclosure, identity checks, a complaint
# channel, filed and assessed. No public-opinion attributes, no minors, no recommendation,
# no faces or voices, no general-purpose model of its own.
BASE = {
    "name": "test service",
    "provider_location": "china",
    "audience": "public_china",
    "service_kinds": ["text", "image"],
    "public_opinion": False,
    "training_data_lawful_source": True,
    "training_data_respects_ip": True,
    "training_personal_info_consent": True,
    "explicit_label": True,
    "implicit_label": True,
    "ai_disclosed": True,
    "real_identity_verification": True,
    "filing_status": "filed",
    "security_assessment": "done",
    "biometric_editing_consent": True,
    "minors_among_users": False,
    "anti_addiction_measures": True,
    "complaint_channel": True,
    "recommendation_explained": True,
    "recommendation_switch_off": True,
    "user_tags_deletable": True,
    "price_discrimination": False,
    "dispatches_workers": False,
    "worker_safeguards": True,
    "general_purpose_model": False,
    "systemic_risk": False,
    "gpai_documentation": True,
    "systemic_risk_measures": True,
}
RECOMMENDER = {"service_kinds": ["recommendation"]}
FACES = {"service_kinds": ["image", "video", "face_voice_editing"]}
PUBLIC_OPINION = {"public_opinion": True}
MODEL = {"general_purpose_model": True}

# provision id -> [(changes to BASE, expected outcome or None if the provision does not apply)]
CASES: dict[str, list[tuple[dict, str | None]]] = {
    # Algorithmic recommendation provisions (2022). Art. 2: services within mainland China;
    # the engine applies them to recommending, ranking and dispatching only.
    "algorec-2-scope": [
        ({}, "exemption applies"),
        (RECOMMENDER, None),
        ({**RECOMMENDER, "audience": "overseas_only"}, "exemption applies"),
        ({**RECOMMENDER, "audience": "internal"}, "exemption applies"),
    ],
    # Art. 16: tell users about the recommendation; publish its principles.
    "algorec-16-transparency": [
        ({}, None),
        (RECOMMENDER, "permitted"),
        ({**RECOMMENDER, "recommendation_explained": False}, "requires"),
    ],
    # Art. 17: an option not based on personal characteristics, or a switch-off.
    "algorec-17-switch-off": [
        ({}, None),
        (RECOMMENDER, "permitted"),
        ({**RECOMMENDER, "recommendation_switch_off": False}, "requires"),
    ],
    # Choosing or deleting user tags (Art. 17, second paragraph).
    "algorec-user-tags": [
        ({}, None),
        (RECOMMENDER, "permitted"),
        ({**RECOMMENDER, "user_tags_deletable": False}, "requires"),
    ],
    # Minors: no recommendation that leads them into addiction (Art. 18).
    "algorec-minors": [
        (RECOMMENDER, None),
        ({**RECOMMENDER, "minors_among_users": True}, "permitted"),
        ({**RECOMMENDER, "minors_among_users": True, "anti_addiction_measures": False}, "requires"),
    ],
    # Workers dispatched by algorithm: pay, rest and holidays (Art. 20).
    "algorec-workers": [
        (RECOMMENDER, None),
        ({**RECOMMENDER, "dispatches_workers": True}, "permitted"),
        ({**RECOMMENDER, "dispatches_workers": True, "worker_safeguards": False}, "requires"),
        # Safeguards alone do not matter when no one is dispatched.
        ({**RECOMMENDER, "worker_safeguards": False}, None),
    ],
    # No unreasonable price differences by consumer profile (Art. 21).
    "algorec-price-discrimination": [
        (RECOMMENDER, None),
        ({**RECOMMENDER, "price_discrimination": True}, "prohibited"),
        ({**RECOMMENDER, "price_discrimination": True, "recommendation_switch_off": True}, "prohibited"),
    ],
    # Art. 24: filing within ten working days, for public-opinion attributes only.
    "algorec-24-filing": [
        (RECOMMENDER, None),
        ({**RECOMMENDER, "filing_status": "not_filed"}, None),
        ({**RECOMMENDER, **PUBLIC_OPINION}, "permitted"),
        ({**RECOMMENDER, **PUBLIC_OPINION, "filing_status": "pending"}, "requires"),
    ],
    # Art. 27: security assessment, for public-opinion attributes only.
    "algorec-27-security-assessment": [
        (RECOMMENDER, None),
        ({**RECOMMENDER, **PUBLIC_OPINION}, "permitted"),
        ({**RECOMMENDER, **PUBLIC_OPINION, "security_assessment": "not_done"}, "requires"),
    ],
    # Deep synthesis provisions (2023). Art. 2: deep synthesis services within mainland China.
    "deepsynth-2-scope": [
        ({}, None),
        (RECOMMENDER, "exemption applies"),
        ({"service_kinds": []}, "exemption applies"),
        ({"audience": "internal"}, "exemption applies"),
        ({"audience": "overseas_only"}, "exemption applies"),
    ],
    # Real-identity verification (Art. 9).
    "deepsynth-real-identity": [
        ({}, "permitted"),
        ({"real_identity_verification": False}, "requires"),
        ({"audience": "research", "real_identity_verification": False}, None),
    ],
    # Art. 14: editing faces or voices needs the edited person's separate consent.
    "deepsynth-14-biometric-consent": [
        ({}, None),
        (FACES, "permitted"),
        ({**FACES, "biometric_editing_consent": False}, "requires"),
    ],
    # Art. 15: security assessment of tools that edit biometric information.
    "deepsynth-15-security-assessment": [
        ({}, None),
        ({"security_assessment": "not_done"}, None),
        (FACES, "permitted"),
        ({**FACES, "security_assessment": "not_done"}, "requires"),
    ],
    # Art. 16: marks that do not affect use.
    "deepsynth-16-implicit-marks": [
        ({}, "permitted"),
        ({"implicit_label": False}, "requires"),
        ({"audience": "overseas_only", "implicit_label": False}, None),
    ],
    # Art. 17: conspicuous labels where content may mislead.
    "deepsynth-17-conspicuous-labels": [
        ({}, "permitted"),
        ({"explicit_label": False}, "requires"),
        ({"service_kinds": ["audio_voice"], "explicit_label": False}, "requires"),
        (RECOMMENDER, None),
    ],
    # Art. 19: filing, for public-opinion attributes only.
    "deepsynth-19-filing": [
        ({}, None),
        (PUBLIC_OPINION, "permitted"),
        ({**PUBLIC_OPINION, "filing_status": "not_filed"}, "requires"),
    ],
    # Interim Measures (2023). Art. 2: services to the public in mainland China only.
    "genai-2-scope": [
        ({}, None),
        ({"provider_location": "outside_china"}, None),
        ({"audience": "internal"}, "exemption applies"),
        ({"audience": "research"}, "exemption applies"),
        ({"audience": "overseas_only"}, "exemption applies"),
        (RECOMMENDER, "exemption applies"),
    ],
    # Art. 7(1)-(3): training data.
    "genai-7-1-lawful-sources": [
        ({}, "permitted"),
        ({"training_data_lawful_source": False}, "requires"),
        ({"audience": "internal", "training_data_lawful_source": False}, None),
    ],
    "genai-7-2-intellectual-property": [
        ({}, "permitted"),
        ({"training_data_respects_ip": False}, "requires"),
        ({"audience": "research", "training_data_respects_ip": False}, None),
    ],
    "genai-7-3-personal-information": [
        ({}, "permitted"),
        ({"training_personal_info_consent": False}, "requires"),
        ({"audience": "overseas_only", "training_personal_info_consent": False}, None),
    ],
    # Art. 10: minors' over-reliance and addiction.
    "genai-10-minors": [
        ({}, None),
        ({"minors_among_users": True}, "permitted"),
        ({"minors_among_users": True, "anti_addiction_measures": False}, "requires"),
    ],
    # Art. 12: label generated images and video (both labels, as the deep synthesis provisions ask).
    "genai-12-labels": [
        ({"service_kinds": ["text"]}, None),
        ({}, "permitted"),
        ({"explicit_label": False}, "requires"),
        ({"implicit_label": False}, "requires"),
        ({"service_kinds": ["video"], "implicit_label": False}, "requires"),
    ],
    # Art. 15: complaint and reporting channel.
    "genai-15-complaints": [
        ({}, "permitted"),
        ({"complaint_channel": False}, "requires"),
        ({"audience": "internal", "complaint_channel": False}, None),
    ],
    # Art. 17: security assessment and filing, for public-opinion attributes only.
    "genai-17-security-assessment": [
        ({}, None),
        (PUBLIC_OPINION, "permitted"),
        ({**PUBLIC_OPINION, "security_assessment": "not_done"}, "requires"),
    ],
    "genai-17-filing": [
        ({}, None),
        (PUBLIC_OPINION, "permitted"),
        ({**PUBLIC_OPINION, "filing_status": "pending"}, "requires"),
    ],
    # Art. 20: services offered into China from abroad.
    "genai-20-foreign-services": [
        ({}, None),
        ({"provider_location": "outside_china"}, "requires"),
        ({"provider_location": "outside_china", "audience": "overseas_only"}, None),
    ],
    # Labelling Measures (2025). Art. 2: providers under the three earlier rules.
    "labels-2-scope": [
        ({}, None),
        ({"audience": "overseas_only"}, "exemption applies"),
        (RECOMMENDER, "exemption applies"),
    ],
    # Art. 4: explicit labels; Art. 5: implicit labels in metadata.
    "labels-4-explicit": [
        ({}, "permitted"),
        ({"explicit_label": False}, "requires"),
        ({"audience": "internal", "explicit_label": False}, None),
    ],
    "labels-5-implicit": [
        ({}, "permitted"),
        ({"implicit_label": False}, "requires"),
        ({"audience": "internal", "implicit_label": False}, None),
    ],
    # GB 45438-2025, 5.3: audio carries a spoken label or the short-long-short-short rhythm.
    "gb45438-5-3-audio": [
        ({}, None),
        ({"service_kinds": ["audio_voice"]}, "permitted"),
        ({"service_kinds": ["audio_voice"], "explicit_label": False}, "requires"),
    ],
    # GB 45438-2025, 6: interactive interfaces show a persistent text label.
    "gb45438-6-interface": [
        ({"service_kinds": ["image"]}, None),
        ({}, "permitted"),
        ({"explicit_label": False}, "requires"),
    ],
    # EU AI Act Art. 2(6): research-only systems and models are excluded.
    "euai50-2-6-research": [
        ({}, None),
        ({"audience": "research"}, "exemption applies"),
        # Use inside a company is putting into service, not research.
        ({"audience": "internal"}, None),
    ],
    # Art. 50(1): people are told they interact with an AI (text and voice services).
    "euai50-1-interaction": [
        ({"service_kinds": ["image"]}, None),
        ({}, "permitted"),
        ({"ai_disclosed": False}, "requires"),
        ({"audience": "internal", "ai_disclosed": False}, "requires"),
    ],
    # Art. 50(2): machine-readable marks on synthetic output.
    "euai50-2-marking": [
        (RECOMMENDER, None),
        ({}, "permitted"),
        ({"implicit_label": False}, "requires"),
        ({"implicit_label": False, "explicit_label": True}, "requires"),
        ({"audience": "overseas_only", "implicit_label": False}, "requires"),
    ],
    # Art. 50(4): deepfakes are disclosed.
    "euai50-4-deepfakes": [
        ({}, None),
        (FACES, "permitted"),
        ({**FACES, "explicit_label": False}, "requires"),
    ],
    "euaigpai-2-6-research": [({}, None), ({"audience": "research", **MODEL}, "exemption applies")],
    # Art. 53(1): documentation, downstream information, copyright policy, training summary.
    "euaigpai-53-1": [
        ({}, None),
        ({"gpai_documentation": False}, None),
        (MODEL, "permitted"),
        ({**MODEL, "gpai_documentation": False}, "requires"),
    ],
    # Art. 55(1): evaluation, risk mitigation, incidents, cybersecurity for systemic-risk models.
    "euaigpai-55-1": [
        (MODEL, None),
        ({"systemic_risk": True}, None),
        ({**MODEL, "systemic_risk": True}, "permitted"),
        ({**MODEL, "systemic_risk": True, "systemic_risk_measures": False}, "requires"),
    ],
}


def scenario(**changes: object) -> dict:
    result = copy.deepcopy(BASE)
    result.update(changes)
    return result


def _outcome(provision_id: str, changes: dict) -> str | None:
    engine = rules.load_rules(rulebook=GENAI)
    matches = [f for f in rules.assess(scenario(**changes), rules=engine) if f.provision == provision_id]
    assert len(matches) <= 1
    return matches[0].outcome if matches else None


def _article_slug(provision_id: str) -> str:
    article = rules.load_rules(rulebook=GENAI).provision(provision_id)["article"]
    return re.sub(r"[^a-z0-9]+", "-", article.lower()).strip("-")


@pytest.mark.parametrize(
    ("provision_id", "changes", "expected"),
    [(pid, changes, expected) for pid, cases in CASES.items() for changes, expected in cases],
    ids=[f"{pid}-{_article_slug(pid)}-{i}" for pid, cases in CASES.items() for i in range(len(cases))],
)
def test_provision_outcome(provision_id: str, changes: dict, expected: str | None) -> None:
    assert _outcome(provision_id, changes) == expected


def test_every_provision_is_tested_triggered_and_not() -> None:
    assert provision_test_gaps(rules.load_rules(rulebook=GENAI).provisions, CASES) == []
    assert set(CASES) == {p["id"] for p in rules.load_rules(rulebook=GENAI).provisions}


def test_article_numbers_as_the_checked_texts_give_them() -> None:
    articles = {p["id"]: p["article"] for p in rules.load_rules(rulebook=GENAI).provisions}
    # Algorithmic recommendation: Art. 2 scope, Art. 16 transparency, Art. 17 switch-off,
    # Art. 24 filing within ten working days, Art. 27 security assessment.
    assert [articles[p] for p in ("algorec-2-scope", "algorec-16-transparency", "algorec-17-switch-off")] == [
        "Art. 2",
        "Art. 16",
        "Art. 17",
    ]
    assert articles["algorec-24-filing"] == "Art. 24"
    assert articles["algorec-27-security-assessment"] == "Art. 27"
    # Art. 17 (second paragraph) user tags, Art. 18 minors, Art. 20 workers, Art. 21 consumers;
    # deep synthesis Art. 9 real identity (official texts on gov.cn and cac.gov.cn).
    assert [
        articles[p] for p in ("algorec-user-tags", "algorec-minors", "algorec-workers", "algorec-price-discrimination")
    ] == ["Art. 17", "Art. 18", "Art. 20", "Art. 21"]
    assert articles["deepsynth-real-identity"] == "Art. 9"
    # Deep synthesis: Art. 14 consent of the person edited, 15 assessment, 16 marks, 17 labels, 19 filing.
    assert articles["deepsynth-14-biometric-consent"] == "Art. 14"
    assert articles["deepsynth-15-security-assessment"] == "Art. 15"
    assert articles["deepsynth-16-implicit-marks"] == "Art. 16"
    assert articles["deepsynth-17-conspicuous-labels"] == "Art. 17"
    assert articles["deepsynth-19-filing"] == "Art. 19"
    # Interim Measures: Art. 2 scope, 7 training data, 10 minors, 12 labels, 15 complaints,
    # 17 assessment and filing, 20 services from abroad.
    assert articles["genai-7-3-personal-information"] == "Art. 7(3)"
    assert articles["genai-10-minors"] == "Art. 10"
    assert articles["genai-12-labels"] == "Art. 12"
    assert articles["genai-15-complaints"] == "Art. 15"
    assert articles["genai-17-filing"] == articles["genai-17-security-assessment"] == "Art. 17"
    assert articles["genai-20-foreign-services"] == "Art. 20"
    # Labelling Measures: Art. 4 explicit, Art. 5 implicit labels.
    assert (articles["labels-4-explicit"], articles["labels-5-implicit"]) == ("Art. 4", "Art. 5")
    # EU AI Act.
    assert articles["euai50-1-interaction"] == "Art. 50(1)"
    assert articles["euai50-2-marking"] == "Art. 50(2)"
    assert articles["euai50-4-deepfakes"] == "Art. 50(4)"
    assert articles["euaigpai-53-1"] == "Art. 53(1)"
    assert articles["euaigpai-55-1"] == "Art. 55(1)"
    assert articles["euai50-2-6-research"] == articles["euaigpai-2-6-research"] == "Art. 2(6)"


def test_filing_and_assessment_follow_public_opinion_attributes_in_every_chinese_regime() -> None:
    # Arts. 24 and 27 (recommendation), 19 (deep synthesis), 17 (generative AI): the same trigger.
    service = scenario(service_kinds=["text", "recommendation"], filing_status="not_filed")
    engine = rules.load_rules(rulebook=GENAI)
    without = {f.provision for f in rules.assess(service, rules=engine) if f.outcome == "requires"}
    with_attributes = {
        f.provision for f in rules.assess({**service, "public_opinion": True}, rules=engine) if f.outcome == "requires"
    }
    assert with_attributes - without == {
        "algorec-24-filing",
        "deepsynth-19-filing",
        "genai-17-filing",
    }


def test_worked_scenarios_assess_under_every_regime_and_cite_real_sources() -> None:
    examples = rules.example_scenarios(GENAI)
    assert set(examples) == {
        "public-chatbot",
        "foreign-model-in-china",
        "face-swap-app",
        "internal-company-tool",
        "news-recommender",
    }
    engine = rules.load_rules(rulebook=GENAI)
    keys = citation_keys()
    for name, example in examples.items():
        assert example["rulebook"] == "genai", name
        assert example.get("assumptions"), f"{name} does not say which values are assumptions"
        assert all(key in keys for key in example.get("based_on", [])), name
        report = rules.report(example, rules=engine)
        assert list(report["verdicts"]) == engine.regime_ids
        assert set(report["verdicts"].values()) <= set(rules.VERDICTS)
        for finding in report["findings"]:
            assert finding["explanation"].endswith("."), finding
            assert all(key in keys for key in finding["citation"].split(";"))


def test_worked_scenarios_reach_what_their_descriptions_say() -> None:
    engine = rules.load_rules(rulebook=GENAI)
    examples = rules.example_scenarios(GENAI)

    def verdicts(name: str) -> dict[str, str]:
        return rules.report(examples[name], rules=engine)["verdicts"]

    # The internal tool is offered to no one in China: outside every Chinese regime (Interim
    # Measures Art. 2), but putting it into service for the company's own use is within the
    # EU AI Act, so Art. 50(2)'s marking applies to its unmarked output.
    internal = verdicts("internal-company-tool")
    assert {internal[r] for r in ("algorec", "deepsynth", "genai", "labels")} == {"out of scope"}
    assert internal["euai50"] == "requires action"
    # The news feed generates nothing: only the recommendation provisions reach it, and without
    # a switch-off Art. 17 is not met.
    feed = verdicts("news-recommender")
    assert feed["algorec"] == "requires action"
    assert feed["genai"] == feed["deepsynth"] == "out of scope"
    # The foreign model meets the EU duties encoded but Art. 20 and the filing duties bite in China.
    foreign = rules.assess(examples["foreign-model-in-china"], rules=engine)
    assert {"genai-20-foreign-services", "genai-17-filing"} <= {f.provision for f in foreign if f.outcome == "requires"}
    assert verdicts("foreign-model-in-china")["euaigpai"] == "permitted"
    # The face-swap app lacks the edited people's consent (deep synthesis Art. 14).
    swap = {f.provision: f.outcome for f in rules.assess(examples["face-swap-app"], rules=engine)}
    assert swap["deepsynth-14-biometric-consent"] == "requires"


# --- bad scenarios and the rulebook field ---------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "removed", "expected"),
    [
        (
            {"audience": "public"},
            None,
            "field 'audience': \"public\" is not allowed; allowed values: public_china, internal, research, overseas_only",
        ),
        (
            {"explicit_label": "yes"},
            None,
            "field 'explicit_label': \"yes\" is not allowed; allowed values: true, false",
        ),
        (
            {"service_kinds": ["chatbot"]},
            None,
            "field 'service_kinds': item \"chatbot\" is not allowed; allowed values: text, image, audio_voice",
        ),
        ({"service_kinds": ["text", "text"]}, None, "field 'service_kinds' lists the same value more than once"),
        ({"filing": "filed"}, None, "unknown field 'filing'; did you mean 'filing_status'?"),
        ({"rulebook": "fr"}, None, "field 'rulebook': \"fr\" is not allowed; allowed values: genai"),
        ({}, "security_assessment", "missing field 'security_assessment' (allowed values: not_done, done)"),
    ],
)
def test_bad_scenario_names_field_and_allowed_values(changes: dict, removed: str | None, expected: str) -> None:
    bad = scenario(**changes)
    if removed:
        del bad[removed]
    with pytest.raises(rules.ScenarioError) as caught:
        rules.assess(bad, rules=rules.load_rules(rulebook=GENAI))
    assert expected in str(caught.value)


def test_a_scenario_file_names_its_rulebook(tmp_path: Path) -> None:
    path = tmp_path / "service.json"
    path.write_text(json.dumps({**BASE, "rulebook": "genai"}), encoding="utf-8")
    assert rules.scenario_rulebook(rules.load_scenario(path)) is GENAI
    # Without the field a file is read as a facial-recognition scenario, and says what is missing.
    path.write_text(json.dumps(BASE), encoding="utf-8")
    with pytest.raises(rules.ScenarioError, match="missing field 'operator'"):
        rules.load_scenario(path)
    assert rules.load_scenario(path, GENAI) == BASE
    # A rulebook that does not exist is named, with those that do.
    path.write_text(json.dumps({**BASE, "rulebook": "gen-ai"}), encoding="utf-8")
    with pytest.raises(rules.ScenarioError) as caught:
        rules.load_scenario(path)
    assert str(caught.value) == f"{path}: field 'rulebook': \"gen-ai\" is not allowed; allowed values: fr, genai"
    path.write_text(json.dumps({**BASE, "rulebook": [["genai"]]}), encoding="utf-8")
    with pytest.raises(rules.ScenarioError, match="field 'rulebook': an array is not allowed"):
        rules.load_scenario(path)


def test_rulebooks_do_not_mix() -> None:
    fr_engine = rules.load_rules()
    genai_engine = rules.load_rules(rulebook=GENAI)
    assert not set(fr_engine.regime_ids) & set(genai_engine.regime_ids)
    assert not {p["id"] for p in fr_engine.provisions} & {p["id"] for p in genai_engine.provisions}
    with pytest.raises(ValueError, match="unknown regime 'gdpr'; choose one of: algorec, deepsynth"):
        rules.assess(scenario(), regimes=["gdpr"], rules=genai_engine)
    with pytest.raises(ValueError, match="unknown rulebook 'ai'; choose one of: fr, genai"):
        rules.rulebook_named("ai")
    assert rules.rulebook_named("genai") is GENAI
