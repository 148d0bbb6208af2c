"""The bundled example's application: the support desk that uses the four model snapshots in models/.

`licscan discover examples` lists what it loads, with the lines; `licscan check examples/models.yaml --discover
examples` fails on the embedder, which the manifest forgot. Run from this folder: the paths are relative to it.
"""

from diffusers import StableDiffusion3Pipeline
from sentence_transformers import SentenceTransformer
from transformers import AutoModelForCausalLM, AutoModelForImageTextToText, AutoProcessor, pipeline

VISION_MODEL = "models/acme-vision-assistant"
SUPPORT_MODEL = "models/support-bot-gguf"


def read_product_photo():
    processor = AutoProcessor.from_pretrained(VISION_MODEL)
    model = AutoModelForImageTextToText.from_pretrained(VISION_MODEL)
    return processor, model


def support_bot(gguf_file="support-bot.Q4_K_M.gguf"):
    return AutoModelForCausalLM.from_pretrained(SUPPORT_MODEL, gguf_file=gguf_file)


def route_ticket():
    return pipeline("text-classification", model="models/in-house-classifier")


def marketing_images():
    return StableDiffusion3Pipeline.from_pretrained("models/sd-marketing-images")


def find_duplicate_tickets():
    # Not in models.yaml: `check --discover` reports it as unlisted-model on this line.
    return SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
