"""Decide a model's modality from its pipeline_tag and tags, for clauses limited to multimodal models."""

from __future__ import annotations

MULTIMODAL_PIPELINES = frozenset(
    {
        "image-text-to-text",
        "visual-question-answering",
        "document-question-answering",
        "video-text-to-text",
        "audio-text-to-text",
        "any-to-any",
        "image-to-text",
        "visual-document-retrieval",
        "zero-shot-image-classification",
        # Generators whose input and output modalities differ ("a multimodal Model", as NVIDIA calls Cosmos).
        "text-to-image",
        "text-to-video",
        "image-to-video",
        "text-to-speech",
        "text-to-audio",
        "automatic-speech-recognition",
        "text-to-3d",
        "image-to-3d",
    }
)
TEXT_PIPELINES = frozenset(
    {
        "text-generation",
        "text2text-generation",
        "fill-mask",
        "text-classification",
        "token-classification",
        "question-answering",
        "summarization",
        "translation",
        "feature-extraction",
        "sentence-similarity",
        "zero-shot-classification",
        "table-question-answering",
        "text-ranking",
    }
)
IMAGE_PIPELINES = frozenset(
    {"image-to-image", "unconditional-image-generation", "image-classification", "image-segmentation"}
)
AUDIO_PIPELINES = frozenset({"audio-classification", "audio-to-audio"})
VIDEO_PIPELINES = frozenset({"video-classification"})
MULTIMODAL_TAGS = frozenset({"multimodal", "vision-language", "vlm", "llava", "mllama", "image-text-to-text"})


def modality(pipeline_tag: str | None, tags: tuple[str, ...] | list[str]) -> str | None:
    """multimodal, text, image, audio or video; None when the card does not say."""
    lowered = {t.lower() for t in tags}
    if pipeline_tag in MULTIMODAL_PIPELINES or lowered & MULTIMODAL_TAGS:
        return "multimodal"
    for name, group in (
        ("text", TEXT_PIPELINES),
        ("image", IMAGE_PIPELINES),
        ("audio", AUDIO_PIPELINES),
        ("video", VIDEO_PIPELINES),
    ):
        if pipeline_tag in group:
            return name
    return None


def lineage_modality(
    cards: list[tuple[str, str | None, tuple[str, ...] | list[str]]],
) -> tuple[str | None, tuple[str, ...]]:
    """The modality of a model through its lineage (the union of its own and its bases' cards), and the ids whose
    cards do not say.

    `cards` holds (model id, pipeline_tag, tags), the model's own first, then its bases'. A fine-tune of a
    multimodal model is multimodal whatever its own card says, and so is a model whose lineage spans two
    modalities (a speech model built on a text LLM).
    """
    found = [(ref, modality(tag, tags)) for ref, tag, tags in cards]
    unknown = tuple(ref for ref, m in found if m is None)
    known = list(dict.fromkeys(m for _, m in found if m is not None))
    if "multimodal" in known or len(known) > 1:
        return "multimodal", unknown
    return (known[0] if known else None), unknown
