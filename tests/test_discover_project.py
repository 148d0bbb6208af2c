"""`licscan discover` on a small project whose model names live in one module and are used in others: every one of
its 17 models is found at the line of its literal, licscan's own manifest, policy and lock are not uses, and each
loading call whose model is computed at run time is a visible "could not tell", which `check --discover` fails on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from licscan.discover import discover
from tests.cli import licscan

FILES: dict[str, str] = {
    "app/__init__.py": (
        "from app.constants import EMBEDDER_SMALL as DEFAULT_EMBEDDER\n"  # a re-export through the package
    ),
    "app/constants.py": (
        '"""Every model the service uses, by role."""\n'
        'CHAT = "meta-llama/Llama-3.1-8B-Instruct"\n'  # 2
        "MODELS = {\n"
        '    "summarizer": "facebook/bart-large-cnn",\n'  # 4
        '    "translator": "Helsinki-NLP/opus-mt-en-de",\n'  # 5
        "}\n"
        'EMBEDDER = "BAAI/bge-base-en-v1.5"\n'  # 7
        'EMBEDDER_SMALL = "sentence-transformers/all-MiniLM-L6-v2"\n'  # 8
        "RERANKERS = [\n"
        '    "cross-encoder/ms-marco-MiniLM-L-6-v2",\n'  # 10
        '    "BAAI/bge-reranker-base",\n'  # 11
        "]\n"
        'BASE = "Qwen/Qwen2.5-7B-Instruct"\n'  # 13
        "DEFAULT = BASE\n"
        'SDXL = "stabilityai/stable-diffusion-xl-base-1.0"\n'  # 15
        'PHI = "microsoft/phi-2"\n'  # 16
        'DATA = "HuggingFaceH4/ultrachat_200k"\n'  # 17
    ),
    "app/config/__init__.py": "",
    "app/config/settings.py": (
        'VISION = "google/vit-base-patch16-224"\n'  # 1
        'SIGLIP = "google/siglip-base-patch16-224"\n'  # 2
    ),
    "app/chat.py": (
        "from transformers import AutoModelForCausalLM\n"
        "from app.constants import CHAT\n"
        "\n"
        "def load_chat(name=CHAT):\n"  # an imported constant as a default argument
        "    return AutoModelForCausalLM.from_pretrained(name)\n"
    ),
    "app/summarise.py": (
        "from transformers import pipeline\n"
        "from .constants import MODELS\n"
        "\n"
        'summarizer = pipeline("summarization", model=MODELS["summarizer"])\n'  # an imported table entry
    ),
    "app/embed.py": (
        "from sentence_transformers import SentenceTransformer\n"
        "from transformers import pipeline\n"
        "import app.constants as c\n"
        "from app import constants, DEFAULT_EMBEDDER\n"
        "\n"
        "embedder = SentenceTransformer(constants.EMBEDDER)\n"  # constants.EMBEDDER
        "small = SentenceTransformer(DEFAULT_EMBEDDER)\n"
        'translate = pipeline("translation", model=c.MODELS["translator"])\n'
    ),
    "app/rerank.py": (
        "from sentence_transformers import CrossEncoder\n"
        "from transformers import pipeline\n"
        "from app.constants import RERANKERS\n"
        "\n"
        "rerankers = [CrossEncoder(name) for name in RERANKERS]\n"
        'for m in ["openai/whisper-small", "distil-whisper/distil-large-v3"]:\n'  # 6: a loop over a list literal
        '    pipeline("automatic-speech-recognition", model=m)\n'
    ),
    "app/vision.py": (
        "from transformers import AutoModel\n"
        "from app.config.settings import VISION\n"
        "from app.config import settings\n"
        "from app.constants import DEFAULT, SDXL, PHI as DEFAULT_PHI\n"
        "from diffusers import DiffusionPipeline\n"
        "\n"
        "vit = AutoModel.from_pretrained(VISION)\n"
        "siglip = AutoModel.from_pretrained(settings.SIGLIP)\n"
        "qwen = AutoModel.from_pretrained(DEFAULT)\n"
        "sdxl = DiffusionPipeline.from_pretrained(pretrained_model_name_or_path=SDXL)\n"
        "\n"
        "class Phi:\n"
        "    def __init__(self, *, model=DEFAULT_PHI):\n"
        "        self.model = AutoModel.from_pretrained(model)\n"
    ),
    "app/data.py": (
        "from datasets import load_dataset\nfrom app import constants\n\nchats = load_dataset(constants.DATA)\n"
    ),
    "app/serve.py": (
        "import os\n"
        "from transformers import AutoModel, AutoTokenizer\n"
        "\n"
        'tokenizer = AutoTokenizer.from_pretrained("mistralai/Mistral-7B-Instruct-v0.3")\n'  # 4
        'model = AutoModel.from_pretrained(os.environ["SERVE_MODEL"])\n'  # 5: could not tell
    ),
    "scripts/helpers.py": 'TOKENIZER = "google-bert/bert-base-uncased"\n',
    "scripts/run.py": (
        "from transformers import AutoTokenizer\n"
        "from helpers import TOKENIZER\n"  # a script imports from its own folder
        "\n"
        "AutoTokenizer.from_pretrained(TOKENIZER)\n"
    ),
    "configs/train.yaml": "base_model: NousResearch/Meta-Llama-3-8B\nsequence_len: 4096\n",
    # licscan's own files name models to check or to waive: they are not uses.
    "policies/mega-platform.yaml": (
        "name: Mega platform\n"
        "intended_use: {commercial: true, hosting: true}\n"
        "exceptions:\n"
        "  - model: meta-llama/Llama-3.1-70B-Instruct\n"
        "    finding: mau-cap\n"
        "    reason: Separate agreement\n"
        "    approved_by: legal@example.com\n"
        "    expires: 2099-06-30\n"
    ),
    "licscan.lock.json": json.dumps(
        {
            "lock_version": 1,
            "database_version": "abc",
            "models": {"acme/locked": {"revision": None, "source": "hub", "license": None, "files": []}},
        }
    ),
}

# Each model, with the file and line of the literal that names it.
MODELS: dict[str, tuple[str, int]] = {
    "meta-llama/Llama-3.1-8B-Instruct": ("app/constants.py", 2),
    "facebook/bart-large-cnn": ("app/constants.py", 4),
    "Helsinki-NLP/opus-mt-en-de": ("app/constants.py", 5),
    "BAAI/bge-base-en-v1.5": ("app/constants.py", 7),
    "sentence-transformers/all-MiniLM-L6-v2": ("app/constants.py", 8),
    "cross-encoder/ms-marco-MiniLM-L-6-v2": ("app/constants.py", 10),
    "BAAI/bge-reranker-base": ("app/constants.py", 11),
    "Qwen/Qwen2.5-7B-Instruct": ("app/constants.py", 13),
    "stabilityai/stable-diffusion-xl-base-1.0": ("app/constants.py", 15),
    "microsoft/phi-2": ("app/constants.py", 16),
    "google/vit-base-patch16-224": ("app/config/settings.py", 1),
    "google/siglip-base-patch16-224": ("app/config/settings.py", 2),
    "openai/whisper-small": ("app/rerank.py", 6),
    "distil-whisper/distil-large-v3": ("app/rerank.py", 6),
    "mistralai/Mistral-7B-Instruct-v0.3": ("app/serve.py", 4),
    "google-bert/bert-base-uncased": ("scripts/helpers.py", 1),
    "NousResearch/Meta-Llama-3-8B": ("configs/train.yaml", 1),
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_all_17_models_are_found_at_the_line_of_their_literal(project: Path) -> None:
    found = discover([Path(".")])
    models = {m.id: [(loc.path, loc.line) for loc in m.locations] for m in found.models if m.kind == "model"}
    assert len(MODELS) == 17
    assert models == {ident: [place] for ident, place in MODELS.items()}
    datasets = [(m.id, m.locations[0].path, m.locations[0].line) for m in found.models if m.kind == "dataset"]
    assert datasets == [("HuggingFaceH4/ultrachat_200k", "app/constants.py", 17)]
    assert found.problems == []


def test_licscans_own_policy_and_lock_are_not_uses(project: Path) -> None:
    ids = {m.id for m in discover([Path(".")]).models}
    assert "meta-llama/Llama-3.1-70B-Instruct" not in ids and "acme/locked" not in ids
    # The same `model:` key in a file that is not licscan's (one more key than a policy has) is a use.
    text = FILES["policies/mega-platform.yaml"] + "serving: {replicas: 2}\n"
    (project / "policies" / "mega-platform.yaml").write_text(text, encoding="utf-8")
    assert "meta-llama/Llama-3.1-70B-Instruct" in {m.id for m in discover([Path(".")]).models}


def test_the_bundled_policies_name_no_model_in_use() -> None:
    root = Path(__file__).resolve().parents[1]
    found = discover([root / "policies"], cwd=root)
    assert found.models == [] and found.unresolved == []


def test_a_call_whose_model_is_computed_is_a_visible_could_not_tell(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert licscan("discover", ".") == 0
    out = capsys.readouterr().out
    assert "could not tell" in out
    assert "app/serve.py:5: transformers.AutoModel.from_pretrained(os.environ['SERVE_MODEL'])" in out
    assert "17 models, 1 dataset in " in out and "1 loading call whose model could not be told" in out
    assert licscan("discover", ".", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unresolved"] == [
        {
            "path": "app/serve.py",
            "line": 5,
            "call": "transformers.AutoModel.from_pretrained",
            "argument": "os.environ['SERVE_MODEL']",
            "kind": "model",
        }
    ]
    assert len([m for m in data["models"] if m["kind"] == "model"]) == 17


def test_an_import_that_leaves_the_scanned_tree_is_a_could_not_tell(project: Path) -> None:
    """Only the paths given are read: a constant in a module outside them is not guessed, and its call says so."""
    found = discover([Path("app/embed.py")])
    assert found.models == []
    assert [(u.path, u.line, u.argument) for u in found.unresolved] == [
        ("app/embed.py", 6, "constants.EMBEDDER"),
        ("app/embed.py", 7, "DEFAULT_EMBEDDER"),
        ("app/embed.py", 8, "c.MODELS['translator']"),
    ]
    found = discover([Path("scripts/run.py")])
    assert [(m.id, m.locations[0].path) for m in found.models] == [
        ("google-bert/bert-base-uncased", "scripts/helpers.py")
    ]


def test_a_constant_rebound_at_run_time_in_its_module_is_not_followed(project: Path) -> None:
    settings = project / "app" / "config" / "settings.py"
    settings.write_text(settings.read_text() + "import os\nVISION = os.environ.get('VISION', VISION)\n")
    found = discover([Path(".")])
    assert "google/vit-base-patch16-224" not in {m.id for m in found.models}
    assert ("app/vision.py", 7) in {(u.path, u.line) for u in found.unresolved}


def manifest(project: Path, policy: str = "") -> Path:
    (project / "models.yaml").write_text(
        (f"policy: {policy}\n" if policy else "") + "models:\n" + "".join(f"  - id: {m}\n" for m in MODELS),
        encoding="utf-8",
    )
    return project / "models.yaml"


def test_check_discover_fails_on_a_model_it_could_not_tell(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest(project)
    code = licscan("check", "models.yaml", "--discover", ".", "--offline", "--format", "json")
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    untold = [m for m in report["models"] if m["id"] == "app/serve.py:5"]
    (finding,) = untold[0]["findings"]
    assert finding["id"] == "unresolved-model" and finding["severity"] == "error"
    assert finding["location"] == {"path": "app/serve.py", "line": 5}
    assert "os.environ['SERVE_MODEL']" in finding["message"]
    assert not any(f["id"] == "unlisted-model" for m in report["models"] for f in m["findings"])
    assert "could not be told" in captured.err
    assert code != 0


def test_a_policy_can_make_it_a_warning_or_waive_the_place(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "warn.yaml").write_text(
        "name: Lenient\nrules: {unresolved_model: warning, unknown_license: warning}\n", encoding="utf-8"
    )
    manifest(project, "warn.yaml")
    licscan("check", "models.yaml", "--discover", ".", "--offline", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    (untold,) = [m for m in report["models"] if m["id"] == "app/serve.py:5"]
    assert untold["findings"][0]["severity"] == "warning"
    (project / "waive.yaml").write_text(
        "name: Waived\nexceptions:\n  - model: 'app/serve.py:*'\n    finding: unresolved-model\n"
        "    reason: SERVE_MODEL is set to a listed model by the deployment\n"
        "    approved_by: legal@example.com\n    expires: 2099-01-01\n",
        encoding="utf-8",
    )
    manifest(project, "waive.yaml")
    licscan("check", "models.yaml", "--discover", ".", "--offline", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    (untold,) = [m for m in report["models"] if m["id"] == "app/serve.py:5"]
    assert untold["findings"][0]["waived"]["approved_by"] == "legal@example.com"


def test_a_file_linked_out_of_the_scanned_tree_is_named_not_read(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "train.py"
    outside.parent.mkdir()
    outside.write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/outside")\n')
    (project / "app" / "linked.py").symlink_to(outside)
    found = discover([Path(".")])
    assert "acme/outside" not in {m.id for m in found.models}
    assert [p.path for p in found.problems if "symbolic link out of" in p.message] == ["app/linked.py"]
    # A link that stays inside the tree is read as the file it points to.
    (project / "app" / "linked.py").unlink()
    (project / "app" / "linked.py").symlink_to(project / "app" / "serve.py")
    assert not discover([Path(".")]).problems


def test_the_marks_of_licscans_own_files_are_keys_of_their_schemas() -> None:
    from licscan.discover.configs import _MARKS, _licscan_schemas

    assert {mark for _, _, marks in _licscan_schemas() for mark in marks} == _MARKS
    assert all(marks <= allowed for _, allowed, marks in _licscan_schemas())
