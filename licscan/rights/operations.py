"""The operations the rights table answers, in the order it shows them, and the words for what sets a duty off."""

from __future__ import annotations

from collections.abc import Collection

from licscan.database.models import StudentKind
from licscan.policy.model import IntendedUse, OutputsUse
from licscan.rights.interface import Operation

_NOTHING = IntendedUse(commercial=False)
_HOSTING = IntendedUse(commercial=False, hosting=True)
_SHIP = IntendedUse(commercial=False, distribute_weights=True)
_SHIP_MODIFIED = IntendedUse(commercial=False, distribute_weights=True, fine_tune=True)


def _outputs(student: StudentKind) -> IntendedUse:
    # Shared, and competing: the widest reading, whose every condition the row then lists.
    return IntendedUse(commercial=False, train_on_outputs=OutputsUse(student=student, competing=True, distributed=True))


def _duty(id: str, label: str, kinds: set[str]) -> Operation:
    return Operation(id, label, "duty", _NOTHING, duties=frozenset(kinds))


OPERATIONS: tuple[Operation, ...] = (
    Operation("internal-use", "internal use, not commercial (research, evaluation)", "use", _NOTHING, False),
    Operation("commercial-use", "commercial use (in-house or in a product)", "use", _NOTHING, True),
    Operation("hosting", "hosting it as a service or API for others", "hosting", _HOSTING),
    Operation("distribute-weights", "distributing the weights", "distribute", _SHIP),
    Operation("fine-tune-and-ship", "fine-tuning it and shipping the fine-tune", "derivative", _SHIP_MODIFIED),
    Operation("merge-and-ship", "merging it with other models and shipping the merge", "derivative", _SHIP_MODIFIED),
    Operation("quantize-and-ship", "quantizing it (GGUF, AWQ, ...) and redistributing", "derivative", _SHIP_MODIFIED),
    Operation(
        "outputs-train-llm", "training another family's LLM on its outputs", "outputs", _outputs("llm"), student="llm"
    ),
    Operation(
        "outputs-train-foundation-model",
        "training a generative model that is no LLM (image, audio, video) on its outputs",
        "outputs",
        _outputs("foundation-model"),
        student="foundation-model",
    ),
    Operation(
        "outputs-train-other-model",
        "training a model that is no LLM (classifier, reward model) on its outputs",
        "outputs",
        _outputs("other-model"),
        student="other-model",
    ),
    Operation(
        "outputs-train-same-family",
        "training a model of the same family (its own derivative) on its outputs",
        "outputs",
        _outputs("same-family"),
        student="same-family",
    ),
    Operation("places-of-use", "where it may be used, offered or distributed, and by whom", "places", _NOTHING),
    Operation("acceptable-use", "what it may not be used for", "acceptable-use", _NOTHING),
    _duty("duty-naming", "duty: naming a derivative", {"naming-prefix"}),
    _duty("duty-attribution", "duty: attribution", {"attribution"}),
    _duty("duty-notices", "duty: notices", {"notice", "modification-notice"}),
    _duty("duty-license-copy", "duty: a copy of the license", {"license-copy"}),
    _duty(
        "duty-other",
        "duty: conduct, source code, use restrictions passed on",
        {"conduct", "source-code", "use-restrictions-passthrough"},
    ),
    _duty("duty-registration", "duty: registering with the licensor", set()),
)

# What sets a duty off, in words: "when you ...".
TRIGGER_WORDS: dict[str, str] = {
    "any-use": "use it at all",
    "commercial": "use it commercially",
    "distribute": "distribute copies",
    "derivative": "distribute a modified model",
    "derivative-hosted": "offer a modified model as a service",
    "modify": "modify it",
    "product": "make it available in a product or service",
    "hosting": "offer it as a service",
    "outputs-training": "train a model on its outputs",
    "outputs-model-shared": "distribute or make available a model trained on its outputs",
    "publication": "publish or present results obtained with it",
}


def when(triggers: Collection[str]) -> str:
    """'when you distribute copies or offer it as a service', in the vocabulary's order."""
    ordered = [TRIGGER_WORDS[t] for t in TRIGGER_WORDS if t in triggers]
    return "when you " + " or ".join(ordered) if ordered else ""
