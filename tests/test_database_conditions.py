"""Every condition of a clause is a field the engine reads (issue 17): nothing lives only in `summary` or `notes`,
and a duty on copies or distribution does not reach a hosted service unless the text says so."""

from __future__ import annotations

import re

import pytest

from licscan.database import load_database
from licscan.database.loader import Database
from licscan.database.models import LicenseEntry
from licscan.database.prose import figures, prose_problems, territories

DB = load_database()


@pytest.fixture(scope="module")
def db() -> Database:
    return DB


@pytest.mark.parametrize("key", sorted(DB.entries))
def test_no_number_territory_or_trigger_lives_only_in_prose(key: str, db: Database) -> None:
    assert prose_problems(db.entries[key], db.entries) == []


def test_the_prose_check_reads_real_figures_and_places(db: Database) -> None:
    """It cannot pass by finding nothing: the database's prose states dozens of figures and places it checks."""
    from licscan.database.prose import _prose

    texts = [t for e in db for _, t in _prose(e)]
    assert sum(len(figures(t)) for t in texts) >= 40
    assert sum(len(territories(t)) for t in texts) >= 10


def _entry(**terms: object) -> LicenseEntry:
    return LicenseEntry.model_validate(
        {
            "key": "test-license",
            "name": "Test License",
            "category": "community",
            "texts": [{"file": "test.txt", "source": "test", "version": "v1"}],
            "terms": terms,
        }
    )


CLAUSE = {"section": "1", "quote": "a verbatim quote of the clause"}


def test_a_cap_written_only_in_a_summary_is_reported() -> None:
    entry = _entry(
        obligations=[
            {
                "kind": "attribution",
                "triggers": ["hosting"],
                "summary": "Products with more than 100 million monthly active users must display the name.",
                "clause": CLAUSE,
            }
        ]
    )
    assert prose_problems(entry) == [
        "test-license: obligations summary states 100,000,000, which no threshold or cap field carries"
    ]
    duty = entry.terms.obligations[0].model_dump(exclude_defaults=True)
    fixed = _entry(obligations=[{**duty, "threshold": {"users": 100_000_000, "clause": CLAUSE}}])
    assert prose_problems(fixed) == []


def test_a_territory_and_a_monthly_revenue_written_only_in_prose_are_reported() -> None:
    entry = _entry(
        hosting={
            "status": "conditional",
            "summary": "Not licensed in the United Kingdom; above USD 20 million monthly revenue a display is due.",
            "clause": CLAUSE,
        }
    )
    problems = prose_problems(entry)
    assert any("territory (GB)" in p for p in problems)
    assert any("20,000,000" in p for p in problems)
    assert any("monthly revenue" in p for p in problems)


def test_governing_law_and_model_sizes_are_not_conditions() -> None:
    assert territories("Governed by the laws of the Republic of Korea; arbitration in Seoul.") == set()
    assert figures("The 11B and 180B Falcon models; see (3b).") == []
    assert figures("more than 700 million monthly active users") == [700_000_000]


# A hosted service distributes no copy: a duty that lists hosting among its triggers must have words that reach a
# service (in its quote or its condition), or the license must define hosting as Distribution.
SERVICE_WORDS = re.compile(
    r"availab|service|users|interact|publicly use|remote|network|output|governing the use|External Deployment",
    re.IGNORECASE,
)


@pytest.mark.parametrize("key", sorted(DB.entries))
def test_a_duty_on_copies_does_not_reach_hosting_unless_the_text_says_so(key: str, db: Database) -> None:
    entry = db.entries[key]
    for ob in entry.terms.obligations:
        if not set(ob.triggers) & {"hosting", "product", "derivative-hosted"}:
            continue
        words = ob.clause.quote + " " + (ob.condition.quote if ob.condition else "")
        assert entry.terms.hosting_is_distribution or SERVICE_WORDS.search(words), (key, ob.kind, ob.clause.section)
