"""One catalogue of finding wording (issue 17): every finding id has its meaning and remedy there, the SARIF rules
read them from it, and every message a policy rule writes is a template of the catalogue with a known id."""

from __future__ import annotations

import string
from typing import get_args

from licscan.catalogue import FINDINGS, SAYS, FindingId
from licscan.formats import sarif


def test_every_finding_id_has_one_meaning_and_remedy() -> None:
    assert set(FINDINGS) == set(get_args(FindingId))
    for kind in FINDINGS.values():
        assert kind.meaning.endswith(".") and kind.action


def test_the_sarif_rules_are_the_catalogue() -> None:
    assert dict(FINDINGS) == sarif.RULES
    # registration-required had no SARIF rule of its own before the catalogue.
    assert sarif.RULES["registration-required"].meaning.startswith("The license requires registering")


def test_every_policy_message_names_a_finding_id_and_well_formed_blanks() -> None:
    ids = set(get_args(FindingId))
    for key, says in SAYS.items():
        assert says.id in ids, key
        for template in (says.message, says.remediation):
            fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
            assert all(name.isidentifier() for name in fields), (key, fields)
