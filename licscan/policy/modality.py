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
    {"text-to-image", "image-to-image", "unconditional-image-generation", "image-classification", "image-segmentation"}
)
AUDIO_PIPELINES = frozenset({"text-to-speech", "automatic-speech-recognition", "audio-classification", "text-to-audio"})
VIDEO_PIPELINES = frozenset({"text-to-video", "image-to-video"})
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
