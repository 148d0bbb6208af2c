"""The operations the rights table answers, in the order it shows them, and the words for what sets a duty off."""

from __future__ import annotations

from collections.abc import Collection

from licscan.rights.interface import Operation

_USE = frozenset({"any-use"})
_SHIP = frozenset({"any-use", "distribute", "product"})
_SHIP_MODIFIED = frozenset({"any-use", "distribute", "product", "modify", "derivative"})
_OUTPUTS = frozenset({"any-use", "outputs-training", "outputs-model-shared"})
_EVERY = frozenset(
    {
        "any-use",
        "commercial",
        "distribute",
        "derivative",
        "derivative-hosted",
        "modify",
        "product",
        "hosting",
        "outputs-training",
        "outputs-model-shared",
        "publication",
    }
)

OPERATIONS: tuple[Operation, ...] = (
    Operation("internal-use", "internal use, not commercial (research, evaluation)", "use", _USE, commercial=False),
    Operation(
        "commercial-use", "commercial use (in-house or in a product)", "use", _USE | {"commercial"}, commercial=True
    ),
    Operation("hosting", "hosting it as a service or API for others", "hosting", _USE | {"hosting", "product"}),
    Operation("distribute-weights", "distributing the weights", "distribute", _SHIP),
    Operation("fine-tune-and-ship", "fine-tuning it and shipping the fine-tune", "derivative", _SHIP_MODIFIED),
    Operation("merge-and-ship", "merging it with other models and shipping the merge", "derivative", _SHIP_MODIFIED),
    Operation("quantize-and-ship", "quantizing it (GGUF, AWQ, ...) and redistributing", "derivative", _SHIP_MODIFIED),
    Operation(
        "outputs-train-llm",
        "training another family's LLM on its outputs",
        "outputs",
        _OUTPUTS,
        student="llm",
    ),
    Operation(
        "outputs-train-foundation-model",
        "training a generative model that is no LLM (image, audio, video) on its outputs",
        "outputs",
        _OUTPUTS,
        student="foundation-model",
    ),
    Operation(
        "outputs-train-other-model",
        "training a model that is no LLM (classifier, reward model) on its outputs",
        "outputs",
        _OUTPUTS,
        student="other-model",
    ),
    Operation(
        "outputs-train-same-family",
        "training a model of the same family (its own derivative) on its outputs",
        "outputs",
        _OUTPUTS,
        student="same-family",
    ),
    Operation("places-of-use", "where it may be used, offered or distributed, and by whom", "places", _USE),
    Operation("acceptable-use", "what it may not be used for", "acceptable-use", _USE),
    Operation("duty-naming", "duty: naming a derivative", "duty", _EVERY, duties=frozenset({"naming-prefix"})),
    Operation("duty-attribution", "duty: attribution", "duty", _EVERY, duties=frozenset({"attribution"})),
    Operation("duty-notices", "duty: notices", "duty", _EVERY, duties=frozenset({"notice", "modification-notice"})),
    Operation("duty-license-copy", "duty: a copy of the license", "duty", _EVERY, duties=frozenset({"license-copy"})),
    Operation(
        "duty-other",
        "duty: source code, passing use restrictions on",
        "duty",
        _EVERY,
        duties=frozenset({"source-code", "use-restrictions-passthrough"}),
    ),
    Operation("duty-registration", "duty: registering with the licensor", "duty", _EVERY),
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
