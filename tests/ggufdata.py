"""GGUF files for the tests, written by llama.cpp's own gguf.GGUFWriter: a real header, and tensors to make them big.

`python -m tests.ggufdata` rewrites the GGUF files of the fixture repository someorg/Llama-3.1-8B-Instruct-GGUF.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

LLAMA_31_URL = "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"
FIXTURE = Path(__file__).parent / "fixtures" / "hub" / "models" / "someorg" / "Llama-3.1-8B-Instruct-GGUF"


def gguf_bytes(
    *,
    name: str | None = "Llama 3.1 8B Instruct",
    license: str | None = "llama3.1",
    license_name: str | None = None,
    bases: Sequence[tuple[str, str, str]] = (("Llama 3.1 8B Instruct", "Meta Llama", LLAMA_31_URL),),
    tensor_mib: int = 0,
    tokens: int = 2000,
) -> bytes:
    """A GGUF file as llama.cpp's converter lays it out: general.* first, then hyperparameters, the tokenizer, tensors.

    `bases` are (name, organization, repo_url) for general.base_model.N.*; `tensor_mib` adds that much tensor data.
    """
    import gguf
    import numpy as np

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.gguf"
        writer = gguf.GGUFWriter(str(path), "llama")
        if name:
            writer.add_name(name)
        if license:
            writer.add_license(license)
        if license_name:
            writer.add_license_name(license_name)
        if bases:
            writer.add_base_model_count(len(bases))
            for i, (base_name, organization, repo_url) in enumerate(bases):
                writer.add_base_model_name(i, base_name)
                writer.add_base_model_organization(i, organization)
                writer.add_base_model_repo_url(i, repo_url)
        writer.add_context_length(131072)
        writer.add_block_count(32)
        writer.add_tokenizer_model("gpt2")
        writer.add_token_list([f"token-{i}" for i in range(tokens)])
        elements = max(1, tensor_mib * 1024 * 1024 // 4)
        writer.add_tensor("token_embd.weight", np.zeros(elements, dtype=np.float32))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return path.read_bytes()


def write_fixture() -> None:
    for quant in ("Q4_K_M", "Q8_0"):
        (FIXTURE / f"Llama-3.1-8B-Instruct-{quant}.gguf").write_bytes(gguf_bytes(tokens=16))


if __name__ == "__main__":
    write_fixture()
