"""`licscan discover`: which Hub models a code base really uses, where, and nothing that only looks like one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from licscan.discover import discover
from licscan.discover.configs import scan_yaml
from licscan.discover.ids import hub_id
from licscan.discover.notebook import scan_notebook
from licscan.discover.python import scan_module, scan_python
from licscan.discover.scripts import scan_dockerfile, scan_shell
from tests.cli import licscan

FIXTURE = Path(__file__).parent / "fixtures" / "discover" / "codebase"

# Every form of the fixture code base, with the line of the literal that names the model.
EXPECTED: dict[tuple[str, str], list[tuple[str, int]]] = {
    # Python: transformers, through a module constant used by two calls (one literal, one line)
    ("model", "meta-llama/Llama-3.1-8B-Instruct"): [("app/models.py", 15), ("deploy/Makefile", 2)],
    # a default argument, followed to pipeline(model=...)
    ("model", "distilbert/distilbert-base-uncased-finetuned-sst-2-english"): [("app/models.py", 28)],
    # `import transformers as tf; tf.pipeline(...)`
    ("model", "mistralai/Mistral-7B-Instruct-v0.3"): [("app/models.py", 33)],
    ("model", "stabilityai/stable-diffusion-3.5-large"): [("app/models.py", 37)],
    # peft: the adapter is the second argument, through a function-level constant
    ("model", "acme/support-lora"): [("app/models.py", 41)],
    # sentence-transformers through an annotated module constant
    ("model", "sentence-transformers/all-MiniLM-L6-v2"): [("app/models.py", 16)],
    ("model", "google/gemma-2-2b-it"): [("app/models.py", 50)],
    ("dataset", "HuggingFaceFW/fineweb"): [("app/models.py", 51)],
    ("model", "openai/whisper-large-v3"): [("app/models.py", 52)],
    ("model", "microsoft/phi-4"): [("app/models.py", 53)],
    ("dataset", "tatsu-lab/alpaca"): [("app/models.py", 57)],
    ("model", "Qwen/Qwen2.5-7B-Instruct"): [("app/models.py", 61)],
    ("model", "bartowski/Llama-3.2-3B-Instruct-GGUF"): [("app/models.py", 65)],
    # configs: Axolotl, LLaMA-Factory (a comma list of adapters), TRL JSON, TOML, docker compose
    ("model", "NousResearch/Meta-Llama-3-8B"): [("configs/axolotl.yaml", 2)],
    ("dataset", "mhenrichsen/alpaca_2k_test"): [("configs/axolotl.yaml", 6)],
    ("model", "Qwen/Qwen2.5-1.5B-Instruct"): [("configs/llama_factory.yaml", 2)],
    ("model", "acme/lora-one"): [("configs/llama_factory.yaml", 3)],
    ("model", "acme/lora-two"): [("configs/llama_factory.yaml", 3)],
    ("model", "HuggingFaceTB/SmolLM2-360M"): [("configs/trl.json", 2)],
    ("dataset", "trl-lib/Capybara"): [("configs/trl.json", 3)],
    ("model", "ibm-granite/granite-3.1-8b-instruct"): [("configs/service.toml", 5)],
    ("model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"): [("configs/compose.yaml", 4)],
    ("model", "HuggingFaceH4/zephyr-7b-beta"): [("configs/compose.yaml", 7)],
    # shell: a variable assigned a literal, hf download of a dataset, TGI over continued lines, ollama hf.co/
    ("model", "meta-llama/Llama-3.2-1B-Instruct"): [("deploy/setup.sh", 3)],
    ("dataset", "HuggingFaceH4/ultrachat_200k"): [("deploy/setup.sh", 5)],
    ("model", "google/gemma-2-9b-it"): [("deploy/setup.sh", 9)],
    ("model", "bartowski/Llama-3.2-1B-Instruct-GGUF"): [("deploy/setup.sh", 10)],
    # Dockerfile: an ARG default followed into RUN, and the exec form of CMD
    ("model", "mistralai/Mistral-Nemo-Instruct-2407"): [("deploy/Dockerfile", 2)],
    ("model", "microsoft/Phi-3.5-mini-instruct"): [("deploy/Dockerfile", 6)],
    # a notebook: lines within the code cell
    ("model", "google/flan-t5-base"): [("notebooks/eval.ipynb", 4)],
    ("model", "BAAI/bge-small-en-v1.5"): [("notebooks/eval.ipynb", 1)],
}

# Things the fixture names that are not used as models where discover looks, or are only known at run time.
SILENT = [
    "application/json",
    "text/plain",
    "docs/index.md",
    "huggingface/transformers",
    "meta-llama/Llama-2-7b-hf",
    "microsoft/not-a-call",
    "acme/not-transformers",
    "acme/first-value",
    "acme/our-finetune",
    "never/followed",
    "gpt-4o",
    "tips",
    "json",
    "csv",
    "identity",
    "llama3.1",
    "not/in-markdown",
]


def _py(call: str) -> str:
    return f"from transformers import AutoModel\n\nAutoModel.from_pretrained({call})\n"


@pytest.fixture
def codebase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture code base, plus what a real checkout holds that is not its code."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    skipped = {
        ".git/hooks/post-checkout.py": "skipped/in-git",
        ".venv/lib/site.py": "skipped/in-venv",
        "tools-env/lib/site.py": "skipped/in-named-venv",
        "build/lib/app.py": "skipped/in-build",
        "dist/app.py": "skipped/in-dist",
        "outputs/run.py": "skipped/gitignored-dir",
        "app/secret.local.py": "skipped/gitignored-file",
        "deploy/keep.local.py": "kept/re-included",
    }
    for name, model in skipped.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(_py(repr(model)), encoding="utf-8")
    (root / "tools-env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (root / "node_modules" / "pkg").mkdir(parents=True)
    (root / "node_modules" / "pkg" / "config.json").write_text(
        '{"model_name_or_path": "skipped/in-node-modules"}', encoding="utf-8"
    )
    (root / ".gitignore").write_text("outputs/\n*.local.py\n", encoding="utf-8")
    (root / "deploy" / ".gitignore").write_text("!keep.local.py\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def found(paths: list[Path]) -> dict[tuple[str, str], list[tuple[str, int]]]:
    return {(m.kind, m.id): [(loc.path, loc.line) for loc in m.locations] for m in discover(paths).models}


def test_every_form_in_the_fixture_code_base_is_found_on_its_line(codebase: Path) -> None:
    result = found([Path(".")])
    result.pop(("model", "kept/re-included"))
    assert result == EXPECTED


def test_look_alikes_and_run_time_values_stay_silent(codebase: Path) -> None:
    ids = {ident.lower() for _, ident in found([Path(".")])}
    for text in SILENT:
        assert text.lower() not in ids, text


def test_git_venvs_node_modules_build_output_and_gitignored_files_are_skipped(codebase: Path) -> None:
    ids = {ident for _, ident in found([Path(".")])}
    assert not {i for i in ids if i.startswith("skipped/")}
    # A nested .gitignore re-includes a file that the top one ignores, as git does.
    assert "kept/re-included" in ids


def test_paths_are_relative_to_the_working_directory(codebase: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(codebase.parent)
    result = found([Path("repo/app")])
    assert result[("model", "acme/support-lora")] == [("repo/app/models.py", 41)]


@pytest.mark.parametrize(
    ("text", "bare_ok", "expected"),
    [
        ("meta-llama/Llama-3.1-8B-Instruct", True, "meta-llama/Llama-3.1-8B-Instruct"),
        ("gpt2", True, "gpt2"),
        ("gpt2", False, None),  # a bare name under a key as generic as `model:`
        ("application/json", True, None),
        ("text/plain", True, None),
        ("docs/index.md", True, None),
        ("data/train.jsonl", True, None),
        ("https://github.com/huggingface/transformers", True, None),
        ("./checkpoints/final", True, None),
        ("org/name/extra", True, None),
        ("org--name/x", True, None),
        ("org/", True, None),
        ("", True, None),
    ],
)
def test_what_a_hub_id_is(text: str, bare_ok: bool, expected: str | None) -> None:
    assert hub_id(text, bare_ok) == expected


# --- constant propagation


def lines(source: str) -> list[tuple[str, int]]:
    return [(c.text, c.line) for c in scan_python(source)]


def test_a_module_constant_is_followed_to_the_call_and_reported_at_its_own_line() -> None:
    source = (
        'from transformers import AutoModel\n\nMODEL = "org/model"\n\n\n'
        "def load():\n    return AutoModel.from_pretrained(MODEL)\n"
    )
    assert lines(source) == [("org/model", 3)]


def test_a_constant_defined_after_the_function_that_uses_it_is_followed() -> None:
    source = (
        "from transformers import AutoModel\n\ndef load():\n    return AutoModel.from_pretrained(MODEL)\n\n"
        'MODEL = "org/late"\n'
    )
    assert lines(source) == [("org/late", 6)]


def test_function_constants_defaults_and_enclosing_scopes() -> None:
    source = (
        "from transformers import AutoModel, pipeline\n"
        "def a():\n"
        '    name = "org/local"\n'
        "    return AutoModel.from_pretrained(name)\n"
        'def b(task, model_id="org/default", *, tokenizer="org/kw-default"):\n'
        "    return pipeline(task, model=model_id, tokenizer=tokenizer)\n"
        "def outer():\n"
        '    inner_model = "org/enclosing"\n'
        "    def inner():\n"
        "        return AutoModel.from_pretrained(inner_model)\n"
        "    return inner\n"
        'def c(flag, x="org/then", y="org/else"):\n'
        "    return AutoModel.from_pretrained(x if flag else y)\n"
    )
    assert sorted(lines(source)) == [
        ("org/default", 5),
        ("org/else", 12),
        ("org/enclosing", 8),
        ("org/kw-default", 5),
        ("org/local", 3),
        ("org/then", 12),
    ]


def test_values_computed_at_run_time_are_never_followed() -> None:
    source = (
        "import os\n"
        "from transformers import AutoModel\n"
        'SIZE = os.environ.get("SIZE", "7b")\n'
        'COMPUTED = f"org/model-{SIZE}"\n'
        'JOINED = "org/" + SIZE\n'
        'REASSIGNED = "org/first"\n'
        "REASSIGNED = open('m.txt').read()\n"
        'REBOUND = "org/module-value"\n'
        "def set_model(value):\n"
        "    global REBOUND\n"
        "    REBOUND = value\n"
        "def load(param):\n"
        "    AutoModel.from_pretrained(COMPUTED)\n"
        "    AutoModel.from_pretrained(JOINED)\n"
        "    AutoModel.from_pretrained(REASSIGNED)\n"
        "    AutoModel.from_pretrained(REBOUND)\n"
        "    AutoModel.from_pretrained(param)\n"
        '    AutoModel.from_pretrained(os.getenv("MODEL", "org/env-default"))\n'
        "    for m in open('models.txt'):\n"
        "        AutoModel.from_pretrained(m)\n"
    )
    assert lines(source) == []
    # ...but each such call is said to be one whose model could not be told, never passed over in silence.
    assert [(u.line, u.argument) for u in scan_module(source).unresolved] == [
        (13, "COMPUTED"),
        (14, "JOINED"),
        (15, "REASSIGNED"),
        (16, "REBOUND"),
        (17, "param"),
        (18, "os.getenv('MODEL', 'org/env-default')"),
        (20, "m"),
    ]


def test_a_parameter_is_followed_to_the_arguments_of_the_calls_in_its_module() -> None:
    source = (
        "from transformers import AutoModel\n"
        "def _load(name):\n"
        "    return AutoModel.from_pretrained(name)\n"
        "def load_with_default(name='org/default'):\n"
        "    return AutoModel.from_pretrained(name)\n"
        "class Service:\n"
        "    def _model(self, repo):\n"
        "        return AutoModel.from_pretrained(repo)\n"
        "    def start(self):\n"
        "        self._model('org/method-arg')\n"
        "_load('org/first')\n"
        "_load(name='org/second')\n"
        "load_with_default()\n"
        "load_with_default('org/override')\n"
    )
    assert sorted(lines(source)) == [
        ("org/default", 4),
        ("org/first", 11),
        ("org/method-arg", 10),
        ("org/override", 14),
        ("org/second", 12),
    ]
    assert scan_module(source).unresolved == []


def test_a_public_function_may_have_callers_elsewhere_so_its_parameter_stays_a_could_not_tell() -> None:
    source = (
        "import os\n"
        "from transformers import AutoModel\n"
        "def load(name):\n"
        "    return AutoModel.from_pretrained(name)\n"
        "def _private(name='org/default'):\n"
        "    return AutoModel.from_pretrained(name)\n"
        "load('org/here')\n"
        "_private(os.environ['M'])\n"
    )
    assert sorted(lines(source)) == [("org/default", 5), ("org/here", 7)]
    assert [u.line for u in scan_module(source).unresolved] == [4, 6]


def test_a_loop_over_a_list_of_literals_is_followed_to_each_item() -> None:
    source = (
        "from transformers import AutoModel\n"
        'EXTRA = ["org/third"]\n'
        'for m in ["org/in-a-loop", "org/second"]:\n'
        "    AutoModel.from_pretrained(m)\n"
        "for name in EXTRA:\n"
        "    AutoModel.from_pretrained(name)\n"
        "models = [AutoModel.from_pretrained(x) for x in ('org/comprehended',)]\n"
    )
    assert sorted(lines(source)) == [
        ("org/comprehended", 7),
        ("org/in-a-loop", 3),
        ("org/second", 3),
        ("org/third", 2),
    ]
    assert scan_module(source).unresolved == []


def test_a_loop_over_a_list_with_a_computed_item_reports_the_literals_and_says_the_rest_is_unknown() -> None:
    source = (
        "import os\n"
        "from transformers import AutoModel\n"
        'for m in ["org/in-a-loop", os.environ["EXTRA_MODEL"]]:\n'
        "    AutoModel.from_pretrained(m)\n"
    )
    assert lines(source) == [("org/in-a-loop", 3)]
    assert [(u.line, u.call, u.argument) for u in scan_module(source).unresolved] == [
        (4, "transformers.AutoModel.from_pretrained", "m")
    ]


def test_a_table_of_literals_is_followed_by_a_literal_key_only() -> None:
    source = (
        "from transformers import AutoModel\n"
        "MODELS = {\n"
        '    "chat": "org/chat",\n'
        '    "embed": "org/embed",\n'
        "}\n"
        'PATCHED = {"a": "org/patched"}\n'
        "PATCHED['a'] = input()\n"
        "def load(size):\n"
        '    AutoModel.from_pretrained(MODELS["chat"])\n'
        "    AutoModel.from_pretrained(MODELS[size])\n"
        '    AutoModel.from_pretrained(PATCHED["a"])\n'
    )
    assert lines(source) == [("org/chat", 3)]


def test_a_folder_on_disk_is_a_local_model_and_never_a_hub_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "checkpoints" / "final").mkdir(parents=True)
    (tmp_path / "data" / "train").mkdir(parents=True)
    (tmp_path / "train.py").write_text(
        "from datasets import load_dataset\nfrom transformers import AutoModel\n"
        'AutoModel.from_pretrained("checkpoints/final")\n'
        'load_dataset("data/train")\n'
        'AutoModel.from_pretrained("./checkpoints/missing")\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = discover([Path(".")])
    assert [(m.id, m.kind, m.local) for m in result.models] == [("./checkpoints/final", "model", True)]


def test_class_attributes_are_followed_through_self_cls_and_the_class_name() -> None:
    source = (
        "from sentence_transformers import SentenceTransformer\n"
        "class Embedder:\n"
        '    MODEL = "org/class-attr"\n'
        '    SHADOWED = "org/shadowed"\n'
        "    def __init__(self):\n"
        "        self.SHADOWED = input()\n"
        "        self.a = SentenceTransformer(self.MODEL)\n"
        "        self.b = SentenceTransformer(self.SHADOWED)\n"
        "    @classmethod\n"
        "    def make(cls):\n"
        "        return SentenceTransformer(cls.MODEL)\n"
        "class Multilingual(Embedder):\n"
        '    MODEL = "org/subclass-attr"\n'
        "SentenceTransformer(Embedder.MODEL)\n"
    )
    assert lines(source) == [
        ("org/class-attr", 3),
        ("org/subclass-attr", 13),
        ("org/class-attr", 3),
        ("org/subclass-attr", 13),
        ("org/class-attr", 3),
    ]


def test_a_class_body_constant_is_not_visible_in_its_methods() -> None:
    # Python resolves a bare name in a method to the module, not the class body: the module's value is the one used.
    source = (
        "from transformers import AutoModel\n"
        'MODEL = "org/module"\n'
        "class Loader:\n"
        '    MODEL = "org/class-body"\n'
        "    def load(self):\n"
        "        return AutoModel.from_pretrained(MODEL)\n"
    )
    assert lines(source) == [("org/module", 2)]


def test_import_aliases_decide_which_pipeline_and_load_dataset_count() -> None:
    source = (
        "import seaborn as sns\n"
        "from sklearn.pipeline import pipeline\n"
        "from datasets import load_dataset as ld\n"
        "from transformers import pipeline as hf_pipeline\n"
        'sns.load_dataset("org/not-a-hub-dataset")\n'
        'pipeline("x", model="org/not-transformers")\n'
        'ld("org/dataset")\n'
        'hf_pipeline("text-generation", "org/positional")\n'
    )
    found_kinds = [(c.text, c.kind, c.line) for c in scan_python(source)]
    assert found_kinds == [("org/dataset", "dataset", 7), ("org/positional", "model", 8)]


def test_repo_type_decides_the_kind_and_spaces_are_not_models() -> None:
    source = (
        "from huggingface_hub import hf_hub_download, snapshot_download\n"
        'KIND = "dataset"\n'
        'snapshot_download("org/data", repo_type=KIND)\n'
        'snapshot_download("org/space", repo_type="space")\n'
        'hf_hub_download("org/model", "config.json", repo_type="model")\n'
        "from huggingface_hub import constants\n"
        'snapshot_download("org/by-constant", repo_type=constants.REPO_TYPE_DATASET)\n'
    )
    assert [(c.text, c.kind) for c in scan_python(source)] == [
        ("org/data", "dataset"),
        ("org/model", "model"),
        ("org/by-constant", "dataset"),
    ]


# --- notebooks, shell, Dockerfile


def test_a_notebook_gives_lines_within_its_code_cells_and_shares_globals_across_cells() -> None:
    scan = scan_notebook((FIXTURE / "notebooks" / "eval.ipynb").read_text(encoding="utf-8"))
    got = sorted((c.text, c.cell, c.line) for c in scan.candidates)
    assert got == [("BAAI/bge-small-en-v1.5", 2, 1), ("google/flan-t5-base", 1, 4)]
    # The cell that does not parse is named; the others are still read.
    assert scan.skipped and scan.skipped[0][0] == 3


def test_a_notebook_shell_cell_is_read_as_shell() -> None:
    notebook = {
        "cells": [
            {"cell_type": "code", "source": ["%%bash\n", "set -e\n", "vllm serve org/from-bash-cell\n"]},
        ]
    }
    scan = scan_notebook(json.dumps(notebook))
    assert [(c.text, c.cell, c.line) for c in scan.candidates] == [("org/from-bash-cell", 1, 3)]


def test_shell_forms() -> None:
    script = (
        "python -m vllm.entrypoints.openai.api_server --model org/api-server\n"
        "hf download org/repo --include '*.json' --local-dir out\n"
        "huggingface-cli download --repo-type=dataset org/data\n"
        "huggingface-cli download --repo-type space org/space\n"
        "docker run ghcr.io/huggingface/text-generation-inference:3 --model-id=org/tgi\n"
        "ollama run huggingface.co/org/gguf-repo\n"
        'echo "vllm serve org/in-a-string-is-still-a-word"\n'
        "# vllm serve org/commented-out\n"
        "MODEL=$(curl -s https://example.com/model)\n"
        "vllm serve $MODEL\n"
    )
    got = [(c.text, c.kind, c.line) for c in scan_shell(script)]
    assert got == [
        ("org/api-server", "model", 1),
        ("org/repo", "model", 2),
        ("org/data", "dataset", 3),
        ("org/tgi", "model", 5),
        ("org/gguf-repo", "model", 6),
    ]


def test_a_serving_image_runs_cmd_as_the_server_arguments() -> None:
    dockerfile = 'FROM vllm/vllm-openai:v0.6.4\nENV MODEL_ID=org/served\nCMD ["--model", "org/served-exec"]\n'
    assert [(c.text, c.line) for c in scan_dockerfile(dockerfile)] == [("org/served-exec", 3)]


def test_a_workflow_run_block_and_a_kubernetes_args_list_are_read_as_commands() -> None:
    workflow = (
        "jobs:\n"
        "  fetch:\n"
        "    steps:\n"
        "      - run: |\n"
        "          pip install huggingface_hub\n"
        "          hf download org/workflow-model --local-dir w\n"
        "      - uses: actions/checkout@v4\n"
        "containers:\n"
        "  - image: vllm/vllm-openai:latest\n"
        '    args: ["--model", "org/k8s-model", "--port", "8000"]\n'
    )
    assert [(c.text, c.line) for c in scan_yaml(workflow)] == [("org/workflow-model", 6), ("org/k8s-model", 10)]


# --- the command


def test_a_path_that_does_not_exist_is_a_usage_error(codebase: Path) -> None:
    assert licscan("discover", "no-such-dir") == 2


def test_discover_json_is_the_spec_shape(codebase: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert licscan("discover", ".", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    # The SPEC keys, and one more: the loading calls whose model could not be told.
    assert set(data) == {"schema_version", "models", "unresolved"} and data["schema_version"] == 1
    for call in data["unresolved"]:
        assert set(call) == {"path", "line", "call", "argument", "kind"} and call["line"] >= 1
    for model in data["models"]:
        assert set(model) == {"id", "kind", "locations"} and model["kind"] in {"model", "dataset"}
        for location in model["locations"]:
            assert set(location) == {"path", "line"} and location["line"] >= 1
    by_id = {m["id"]: m for m in data["models"]}
    assert by_id["google/flan-t5-base"]["locations"] == [{"path": "notebooks/eval.ipynb", "line": 4}]


def test_a_file_that_does_not_parse_is_named_and_loses_no_other_result(
    codebase: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (codebase / "app" / "broken.py").write_text(
        "from transformers import AutoModel\n\nAutoModel.from_pretrained('org/x'\n", encoding="utf-8"
    )
    (codebase / "configs" / "broken.yaml").write_text("model: [org/x\n", encoding="utf-8")
    assert licscan("discover", ".") == 0
    captured = capsys.readouterr()
    assert "app/broken.py:3: not parsed as Python: '(' was never closed" in captured.err
    assert "configs/broken.yaml:2: invalid YAML: did not find expected ',' or ']'" in captured.err
    assert "meta-llama/Llama-3.1-8B-Instruct (model)\n  app/models.py:15\n  deploy/Makefile:2" in captured.out


def test_the_bundled_example_lists_its_models_with_their_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    assert licscan("discover", "examples") == 0
    out = capsys.readouterr().out
    assert "./examples/models/acme-vision-assistant (local model)\n  examples/app.py:11\n" in out
    assert "./examples/models/support-bot-gguf (local model)\n  examples/app.py:12\n" in out
    assert "./examples/models/in-house-classifier (local model)\n  examples/app.py:26\n" in out
    assert "./examples/models/sd-marketing-images (local model)\n  examples/app.py:30\n" in out
    assert "sentence-transformers/all-MiniLM-L6-v2 (model)\n  examples/app.py:35\n" in out


def test_a_hub_call_whose_repo_type_is_computed_could_be_a_model_dataset_or_space() -> None:
    source = (
        "from huggingface_hub import hf_hub_download\n"
        "def fetch(kind):\n"
        "    return hf_hub_download('acme/thing', 'README.md', repo_type=kind)\n"
    )
    assert lines(source) == []
    assert [(u.line, u.argument, u.kind) for u in scan_module(source).unresolved] == [
        (3, "'acme/thing', repo_type=kind", None)
    ]
