"""Every parser, fed real shapes and their mutations: nothing escapes, and a bad file is named in the message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from licscan.sources.hub import HubSource
from tests.fuzzing import PARSERS, check_hub_json, hub_json
from tests.hubserver import FakeHub

CI = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("name", list(PARSERS))
def test_no_exception_escapes_the_parser(name: str) -> None:
    strategy, check = PARSERS[name]

    @CI
    @given(strategy)
    def property_holds(data: Any) -> None:
        check(data)

    property_holds()


@pytest.fixture(scope="module")
def fuzz_hub() -> Iterator[FakeHub]:
    with FakeHub() as server:
        yield server


def test_no_exception_escapes_the_hub_source_on_any_model_info_reply(fuzz_hub: FakeHub, tmp_path_factory: Any) -> None:
    source = HubSource(endpoint=fuzz_hub.endpoint, cache_dir=tmp_path_factory.mktemp("hf"), retries=0)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(hub_json)
    def property_holds(body: str) -> None:
        check_hub_json(body, fuzz_hub, source)

    property_holds()
