"""Who must hand over data? Look up the legal duties of a kind of company, and compare with the EU.

The legal-duties table (``legal_duties`` in the data package) holds one row per duty
in a provision of a Chinese law or regulation that obliges companies, organisations or
citizens to assist security work (an article with two duties has two rows). Each row has a ``duty_category`` (what kind of duty) and
a ``bound_category`` (who is bound), plus the source's own words for who is bound
(``bound``).

A reader thinks in kinds of company and kinds of request, not in table categories. This
module maps them:

- a **request type** is one ``duty_category`` (see :data:`REQUEST_TYPES`);
- a **company type** is a set of ``bound_category`` values, each optionally narrowed by
  words that the row's ``bound`` text must contain (see :data:`COMPANY_TYPES`). The
  narrowing matters because the categories are coarse: ``telecom_and_internet_providers``
  lumps telecom carriers with news sites and domain registrars, and
  ``all_organisations_and_citizens`` includes the National Security Law's Art. 79, which
  binds "enterprises and public institutions" but not individuals.

The mapping is the book's reading of who the quoted texts bind, for teaching; it is not
legal advice, and a real company's duties depend on the services it actually offers.

Article numbers are those in force today. The Cybersecurity Law was amended on 28 October
2025 (in force 1 January 2026) and its articles were renumbered; the table keeps the number
in the 2016 text that HRIC cites in ``article_before_2026``, and the look-ups show both
(see :func:`article_label`).

The EU comparison (table ``eu_comparison`` in the data package) states only what the book's
sources confirm; where no counterpart was sourced it says so rather than guessing.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import altair as alt
import ipywidgets as w
import pandas as pd

import aigov.charts  # also registers the book's theme and renderer
from aigov import checks, data
from aigov.forms import LabWidget

ANY_REQUEST = "any"

# Duty categories in the order the chart and tables show them, with readable labels.
DUTY_LABELS = {
    "assist_and_cooperate": "Assist and cooperate",
    "technical_support_and_decryption": "Technical support, decryption",
    "real_name_registration": "Real-name registration",
    "keep_logs_and_records": "Keep logs and records",
    "stop_and_report_content": "Stop and report content",
    "provide_data_on_request": "Hand over data on request",
    "keep_secret": "Keep the request secret",
}


@dataclass(frozen=True)
class RequestType:
    """A kind of request a company may receive, and the duty category that answers it."""

    label: str
    duty_category: str


REQUEST_TYPES: dict[str, RequestType] = {
    "assist_security_work": RequestType("Assist security or intelligence work", "assist_and_cooperate"),
    "technical_support": RequestType("Give technical support or decryption", "technical_support_and_decryption"),
    "real_name_data": RequestType("Collect users' real identities", "real_name_registration"),
    "logs": RequestType("Keep logs and records of users", "keep_logs_and_records"),
    "delete_or_report_content": RequestType("Delete or report prohibited content", "stop_and_report_content"),
    "data_on_request": RequestType("Hand over data on request", "provide_data_on_request"),
    "keep_secret": RequestType("Keep the request secret", "keep_secret"),
}

# Words that narrow a bound category to the rows that name a kind of company (matched in
# the 'bound' text, ignoring case). Each tuple is "any of these words".
ORGANISATION_WORDS = ("enterprise", "organisation", "unit")
CITIZEN_WORDS = ("citizen", "individual")
TELECOM_WORDS = ("telecommunications",)
PLATFORM_WORDS = (
    "internet service provider",
    "internet information service",
    "internet news",
    "post and comment",
    "public account",
)
DOMAIN_WORDS = ("domain-name",)


@dataclass(frozen=True)
class CompanyType:
    """A kind of company: the bound categories it falls in, each narrowed by words or not (None)."""

    label: str
    bound: dict[str, tuple[str, ...] | None]
    reading: str


COMPANY_TYPES: dict[str, CompanyType] = {
    "telecom_operator": CompanyType(
        "Telecom operator",
        {
            "all_organisations_and_citizens": ORGANISATION_WORDS,
            "network_operators": None,
            "telecom_and_internet_providers": TELECOM_WORDS,
        },
        "An enterprise; a network operator (the Cybersecurity Law's Art. 78, Art. 76 before 2026, covers network "
        "owners, managers and service providers); and a telecommunications operator as the Counterterrorism Law "
        "names it.",
    ),
    "internet_platform": CompanyType(
        "Internet platform (social media, messaging, news, forums)",
        {
            "all_organisations_and_citizens": ORGANISATION_WORDS,
            "network_operators": None,
            "telecom_and_internet_providers": PLATFORM_WORDS,
        },
        "An enterprise; a network operator; and an internet service provider, bound by the sector rules for the "
        "services it offers (news, posts and comments, public accounts, services with public-opinion attributes).",
    ),
    "domain_registrar": CompanyType(
        "Domain-name registrar",
        {
            "all_organisations_and_citizens": ORGANISATION_WORDS,
            "network_operators": None,
            "telecom_and_internet_providers": DOMAIN_WORDS,
        },
        "An enterprise; a network operator (the Cybersecurity Law's Art. 26, Art. 24 before 2026, names domain-name "
        "registration); and a domain-name registration service under the domain-name measures.",
    ),
    "surveillance_maker": CompanyType(
        "Video-surveillance maker (sells cameras and software only)",
        {"all_organisations_and_citizens": ORGANISATION_WORDS},
        "An enterprise that, on this assumption, runs no network service of its own, so only the duties of all "
        "enterprises and organisations apply.",
    ),
    "surveillance_maker_cloud": CompanyType(
        "Video-surveillance maker that also runs a cloud service",
        {"all_organisations_and_citizens": ORGANISATION_WORDS, "network_operators": None},
        "An enterprise that also provides a network service (an online platform for its cameras), which makes it "
        "a network operator in the book's reading of the Cybersecurity Law's Art. 78 (Art. 76 before 2026).",
    ),
    "any_organisation": CompanyType(
        "Any other company or organisation",
        {"all_organisations_and_citizens": ORGANISATION_WORDS},
        "Any enterprise, organisation or 'unit' (单位) that offers no network service.",
    ),
    "individual": CompanyType(
        "Individual citizen",
        {"all_organisations_and_citizens": CITIZEN_WORDS},
        "A private person: only provisions whose text names citizens or individuals apply.",
    ),
}


NO_COMPARISON = "no comparison sourced"
EU_TABLE = "eu_comparison"

# Short names for the chart's rows; the tables use the full names.
SHORT_LAW_NAMES = {
    "National Security Law": "National Security Law",
    "Counterterrorism Law": "Counterterrorism Law",
    "Cybersecurity Law": "Cybersecurity Law",
    "National Intelligence Law": "National Intelligence Law",
    "Data Security Law": "Data Security Law",
    "Regulations for Internet Content Management Administration Law Enforcement Procedures": "CAC enforcement procedures",
    "Regulation on Security Assessment of Internet Information Services of Public Opinion Nature or with Social "
    "Mobilization Capacity": "Public-opinion security assessment",
    "Internet News Information Service Management Regulations": "Internet news rules",
    "Internet Post and Comments Service Management Regulations": "Post and comment rules",
    "Internet User Public Account Information Service Management Regulations": "Public-account rules",
    "Internet Domain Name Management Measures": "Domain-name measures",
}

NEEDED_COLUMNS = {"id", "law", "year_adopted", "article", "duty_category", "duty", "bound", "bound_category", "source"}


OLD_ARTICLE = "article_before_2026"


def _check_table(duties: pd.DataFrame) -> None:
    checks.columns(duties, NEEDED_COLUMNS, "The legal-duties table")


def article_label(row: pd.Series | dict) -> str:
    """The article in force today, with the pre-2026 number in brackets where the law was renumbered.

    E.g. 'Art. 26 (Art. 24 before 2026)' for the Cybersecurity Law's real-name article; just
    'Art. 79' where the number did not change (or the table has no ``article_before_2026``).
    """
    old = row.get(OLD_ARTICLE, "") if hasattr(row, "get") else ""
    old = "" if old is None or (isinstance(old, float) and pd.isna(old)) else str(old).strip()
    if not old or old == row["article"]:
        return str(row["article"])
    return f"{row['article']} ({old} before 2026)"


def _company(company_type: str) -> CompanyType:
    return COMPANY_TYPES[checks.choice(company_type, "The company type", COMPANY_TYPES)]


def duty_categories(request_types: str | Iterable[str]) -> list[str]:
    """The duty categories that answer one or more request types ('any' means all of them)."""
    chosen = [request_types] if isinstance(request_types, str) else list(request_types)
    if not chosen:
        raise ValueError("Pick at least one request type.")
    unknown = [r for r in chosen if r != ANY_REQUEST and r not in REQUEST_TYPES]
    if unknown:
        raise ValueError(
            f"Unknown request type(s): {', '.join(map(repr, unknown))}. "
            f"Allowed values: {ANY_REQUEST}, {', '.join(REQUEST_TYPES)}."
        )
    if ANY_REQUEST in chosen:
        return list(DUTY_LABELS)
    wanted = {REQUEST_TYPES[r].duty_category for r in chosen}
    return [category for category in DUTY_LABELS if category in wanted]


def binds(row: pd.Series | dict, company_type: str) -> bool:
    """Whether one provision (a row of the table) binds a company type, by the mapping above."""
    company = _company(company_type)
    if row["bound_category"] not in company.bound:
        return False
    words = company.bound[row["bound_category"]]
    return words is None or any(word in str(row["bound"]).lower() for word in words)


def lookup(duties: pd.DataFrame, company_type: str, request_types: str | Iterable[str] = ANY_REQUEST) -> pd.DataFrame:
    """The provisions that bind a company type for the chosen request type(s), oldest law first.

    Raises ValueError, naming the allowed values, for an unknown company or request type.
    """
    _check_table(duties)
    _company(company_type)
    categories = duty_categories(request_types)
    mask = duties.apply(lambda row: binds(row, company_type), axis=1) & duties["duty_category"].isin(categories)
    found = duties[mask].copy()
    # Oldest first; within a year, the table's own order (which follows the laws' dates).
    found = found.sort_values("year_adopted", kind="stable")
    return pd.DataFrame(
        {
            "law": found["law"],
            "article": [article_label(row) for _, row in found.iterrows()],
            "adopted": found["year_adopted"].astype(int),
            "duty": found["duty_category"].map(DUTY_LABELS),
            "what it requires": found["duty"],
            "who is bound (source's words)": found["bound"],
            "sources": found["source"],
        }
    ).reset_index(drop=True)


def provisions(found: pd.DataFrame) -> list[tuple[str, str]]:
    """The distinct provisions (law, article) among rows, in order of first appearance.

    An article with two duties (the National Intelligence Law's Art. 7: cooperation and
    secrecy) has two rows in the table but is one provision.
    """
    return list(dict.fromkeys(zip(found["law"], found["article"])))


def summary(duties: pd.DataFrame, company_type: str, request_types: str | Iterable[str] = ANY_REQUEST) -> str:
    """One sentence: how many distinct provisions apply, and which."""
    found = lookup(duties, company_type, request_types)
    label = COMPANY_TYPES[company_type].label
    chosen = [request_types] if isinstance(request_types, str) else list(request_types)
    if ANY_REQUEST in chosen:
        what = "for any request"
    else:
        what = "for: " + ", ".join(REQUEST_TYPES[r].label.lower() for r in chosen)
    if found.empty:
        return f"No provision in the table binds the company type “{label}” {what}."
    distinct = provisions(found)
    cited = "; ".join(f"{law} {article}" for law, article in distinct)
    verb = "provision binds" if len(distinct) == 1 else "provisions bind"
    return f"{len(distinct)} {verb} the company type “{label}” {what}: {cited}."


def counts(duties: pd.DataFrame) -> pd.DataFrame:
    """How many distinct provisions bind each company type (rows) for each kind of duty (columns).

    "any request" counts each article once, even where it carries duties of two kinds.
    """
    _check_table(duties)
    table = {
        DUTY_LABELS[request.duty_category]: [len(lookup(duties, company, key)) for company in COMPANY_TYPES]
        for key, request in REQUEST_TYPES.items()
    }
    table["any request"] = [len(provisions(lookup(duties, company, ANY_REQUEST))) for company in COMPANY_TYPES]
    frame = pd.DataFrame(table, index=[c.label for c in COMPANY_TYPES.values()])
    frame.index.name = "company type"
    return frame


def company_types_table() -> pd.DataFrame:
    """The company types, the table categories each maps to, and the book's reading."""
    rows = []
    for key, company in COMPANY_TYPES.items():
        parts = []
        for category, words in company.bound.items():
            parts.append(category if words is None else f"{category} (rows naming: {', '.join(words)})")
        rows.append(
            {"company type": key, "label": company.label, "maps to": "; ".join(parts), "reading": company.reading}
        )
    return pd.DataFrame(rows)


def eu_comparison(request_types: str | Iterable[str] = ANY_REQUEST, points: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sourced EU counterparts for the chosen request type(s); 'no comparison sourced' where none is.

    ``points`` is the ``eu_comparison`` table (loaded from the data package if not given).
    """
    points = data.load(EU_TABLE) if points is None else points
    rows = []
    for category in duty_categories(request_types):
        chosen = points[points["duty_category"] == category]
        if chosen.empty:
            rows.append(
                {
                    "duty": DUTY_LABELS[category],
                    "EU instrument": NO_COMPARISON,
                    "article": "",
                    "what it says": "",
                    "sources": "",
                }
            )
        for _, point in chosen.iterrows():
            rows.append(
                {
                    "duty": DUTY_LABELS[category],
                    "EU instrument": point["instrument"],
                    "article": point["article"],
                    "what it says": point["summary"],
                    "sources": point["source"],
                }
            )
    return pd.DataFrame(rows)


# --- the chart ------------------------------------------------------------------------

CELL_WIDTH = 50
CELL_HEIGHT = 26
EU_SHORT = {
    "assist_and_cooperate": "No EU-wide rule: national security is left to each member state (TEU Art. 4(2)); "
    "the GDPR and the Law Enforcement Directive exclude it.",
    "technical_support_and_decryption": "No comparison sourced.",
    "real_name_registration": "No comparison sourced.",
    "keep_logs_and_records": "The EU's Data Retention Directive (6 to 24 months) was declared invalid by the "
    "Court of Justice on 8 April 2014.",
    "stop_and_report_content": "Digital Services Act: no general monitoring duty (Art. 8); act on orders against "
    "specific illegal content (Art. 9); report threats to life or safety (Art. 18).",
    "provide_data_on_request": "DSA Art. 10 orders for data on specific users; e-Evidence Regulation orders (from "
    "18 Aug 2026); police use then falls under the Law Enforcement Directive (GDPR Art. 2(2)(d)).",
    "keep_secret": "No comparison sourced.",
}
EU_LINE_WIDTH = 70


def _law_label(law: str, year: int) -> str:
    return f"{SHORT_LAW_NAMES.get(law, law)} ({year})"


def _applies_to(row: pd.Series) -> str:
    return "|" + "|".join(key for key in COMPANY_TYPES if binds(row, key)) + "|"


def chart_table(duties: pd.DataFrame) -> pd.DataFrame:
    """The rows the chart draws: one per provision, with the company types it binds."""
    _check_table(duties)
    table = duties.copy()
    table["law_label"] = [_law_label(law, int(year)) for law, year in zip(table["law"], table["year_adopted"])]
    table["duty_label"] = table["duty_category"].map(DUTY_LABELS)
    table["applies_to"] = table.apply(_applies_to, axis=1)
    table["article_label"] = [article_label(row) for _, row in table.iterrows()]
    # 1 on the second and later rows of the same article: counted once when all requests are shown.
    table["repeat"] = table.duplicated(["law", "article"]).astype(int)
    return table[
        [
            "id",
            "law",
            "law_label",
            "year_adopted",
            "article",
            "article_label",
            "duty_category",
            "duty_label",
            "duty",
            "bound",
            "applies_to",
            "repeat",
            "source",
        ]
    ]


def _js(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def duties_chart(
    duties: pd.DataFrame, company_type: str = "internet_platform", request_type: str = ANY_REQUEST
) -> alt.VConcatChart:
    """Matrix of laws × duty categories; two menus pick a company type and a request type.

    Provisions that bind the chosen company type for the chosen request are drawn dark; the
    others grey. A line above counts the matches and a panel below gives the EU counterpart.
    Everything is recomputed in the reader's browser (Vega expressions).
    """
    _company(company_type)
    duty_categories(request_type)
    table = chart_table(duties)
    order = table.sort_values("year_adopted", kind="stable")["law_label"].drop_duplicates().tolist()
    categories = list(DUTY_LABELS.values())
    company = alt.param(
        name="company_type",
        value=company_type,
        bind=alt.binding_select(
            options=list(COMPANY_TYPES), labels=[c.label for c in COMPANY_TYPES.values()], name="Company type: "
        ),
    )
    request = alt.param(
        name="request_type",
        value=request_type if request_type == ANY_REQUEST else REQUEST_TYPES[request_type].duty_category,
        bind=alt.binding_select(
            options=[ANY_REQUEST, *[r.duty_category for r in REQUEST_TYPES.values()]],
            labels=["any request", *[r.label for r in REQUEST_TYPES.values()]],
            name="Request type: ",
        ),
    )
    match = (
        "indexof(datum.applies_to, '|' + company_type + '|') >= 0 && "
        f"(request_type === {_js(ANY_REQUEST)} || datum.duty_category === request_type)"
    )
    x = alt.X(
        "duty_label:N",
        sort=categories,
        scale=alt.Scale(domain=categories),
        title=None,
        axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=170, labelFontSize=11),
    )
    y = alt.Y("law_label:N", sort=order, scale=alt.Scale(domain=order), title=None, axis=alt.Axis(labelLimit=240))
    grid = pd.DataFrame([(law, duty) for law in order for duty in categories], columns=["law_label", "duty_label"])
    background = alt.Chart(grid).mark_rect(fill="#f7f7f7", stroke="#ffffff", strokeWidth=2).encode(x=x, y=y)
    base = alt.Chart(table).transform_calculate(matched=match)
    tooltip = aigov.charts.tooltips(
        {
            "law:N": "Law",
            "article_label:N": "Article",
            "duty:N": "What it requires",
            "bound:N": "Who is bound (source's words)",
            "source:N": "Sources",
        }
    )
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        x=x,
        y=y,
        color=alt.condition("datum.matched", alt.value("#0b5394"), alt.value("#c8c8c8")),
        tooltip=tooltip,
    )
    labels = base.mark_text(fontSize=11, fontWeight="bold").encode(
        x=x,
        y=y,
        text="article:N",
        color=alt.condition("datum.matched", alt.value("#ffffff"), alt.value("#404040")),
        tooltip=tooltip,
    )
    matrix = alt.layer(background, cells, labels).properties(
        width=CELL_WIDTH * len(categories), height=CELL_HEIGHT * len(order)
    )

    count = (
        alt.Chart(table)
        .transform_calculate(
            hit=f"({match}) && !(datum.repeat === 1 && request_type === {_js(ANY_REQUEST)}) ? 1 : 0",
            first="datum.repeat === 1 ? 0 : 1",
        )
        .transform_aggregate(hits="sum(hit)", total="sum(first)")
        .transform_calculate(
            line=(
                "datum.hits + ' of ' + datum.total + ' provisions in the table bind this company type'"
                " + (request_type === 'any' ? '' : ' for this request')"
            )
        )
        .mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", color="#1a1a1a")
        .encode(x=alt.value(0), y=alt.value(0), text="line:N")
        .properties(width=CELL_WIDTH * len(categories), height=22)
    )

    eu_rows = []
    for category, text in EU_SHORT.items():
        for number, line in enumerate(textwrap.wrap(text, EU_LINE_WIDTH)):
            eu_rows.append({"duty_category": category, "line": number, "text": line})
    for number, line in enumerate(["Pick a request type to see the EU counterpart the book's sources confirm."]):
        eu_rows.append({"duty_category": ANY_REQUEST, "line": number, "text": line})
    eu_panel = (
        alt.Chart(pd.DataFrame(eu_rows))
        .transform_filter("datum.duty_category === request_type")
        .mark_text(align="left", baseline="top", fontSize=12, color="#1a1a1a")
        .encode(x=alt.value(0), y=alt.Y("line:O", axis=None), text="text:N")
        .properties(width=CELL_WIDTH * len(categories), height=64, title=alt.Title("EU counterpart", fontSize=13))
    )
    return (
        alt.vconcat(count, matrix, eu_panel, spacing=12)
        .add_params(company, request)
        .properties(
            title=alt.Title(
                "Which provisions bind which company, for which request?",
                subtitle=[
                    "Pick a company type and a request type below the chart. Dark cells: provisions that bind it;",
                    "grey: other provisions in the table. Hover over a cell for the duty and its sources.",
                ],
            ),
            description=(
                f"Matrix of {len(order)} Chinese laws and regulations (rows) against {len(categories)} kinds of duty "
                f"(columns). The {len(table)} filled cells hold {len(provisions(table))} provisions, each labelled with its "
                "article number; an article with two kinds of duty fills two cells. Two menus pick a company type (telecom operator, internet "
                "platform, domain-name registrar, video-surveillance maker with or without a cloud service, any "
                "other organisation, individual citizen) and a request type; the provisions that bind that company "
                "for that request are highlighted and counted, and a panel gives the EU counterpart where the "
                "book's sources confirm one. " + summary(duties, company_type, request_type)
            ),
        )
    )


# --- the live form ----------------------------------------------------------------------


class DutiesExplorer(LabWidget):
    """Pick a company type and one or more request types; see the provisions and the EU counterpart."""

    def __init__(
        self,
        duties: pd.DataFrame,
        company_type: str = "internet_platform",
        request_types: tuple[str, ...] = ("data_on_request",),
    ):
        _check_table(duties)
        self.duties = duties
        self.eu_points = data.load(EU_TABLE)
        style = {"description_width": "initial"}
        self.company = w.Dropdown(
            options=[(c.label, key) for key, c in COMPANY_TYPES.items()],
            value=company_type,
            description="Company type:",
            style=style,
            layout=w.Layout(width="95%"),
        )
        self.requests = w.SelectMultiple(
            options=[(r.label, key) for key, r in REQUEST_TYPES.items()],
            value=tuple(request_types),
            rows=len(REQUEST_TYPES),
            description="Request type(s):",
            style=style,
            layout=w.Layout(width="95%"),
        )
        super().__init__([w.HTML("Hold Ctrl (or ⌘) to pick several request types."), self.company, self.requests])

    def compute(self) -> tuple[pd.DataFrame, str]:
        requests = list(self.requests.value)
        found = lookup(self.duties, self.company.value, requests)
        eu = eu_comparison(requests, self.eu_points)
        eu_items = "".join(
            f"<li><b>{html.escape(row['duty'])}</b>: "
            + (
                html.escape(NO_COMPARISON)
                if row["EU instrument"] == NO_COMPARISON
                else f"{html.escape(row['EU instrument'])}, {html.escape(row['article'])}: {html.escape(row['what it says'])}"
            )
            + "</li>"
            for _, row in eu.iterrows()
        )
        text = (
            f"{html.escape(summary(self.duties, self.company.value, requests))}"
            f"<br>EU counterparts the book's sources confirm:<ul>{eu_items}</ul>"
        )
        return found, text
