"""What a new user meets first: the install declares what the code imports, and the CI integrations load."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "licscan"


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_distribution_licscan_imports_is_declared_in_its_installed_metadata() -> None:
    declared = {
        _canonical(Requirement(r).name)
        for r in importlib.metadata.requires("licscan") or []
        if "extra ==" not in r  # test and dev extras are not what `pip install .` brings
    }
    providers = importlib.metadata.packages_distributions()
    missing: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for module in _top_level_imports(path):
            if module == "licscan" or module in sys.stdlib_module_names:
                continue
            dists = {_canonical(d) for d in providers.get(module, [])}
            if not dists and _canonical(module) in declared:
                continue  # declared for other Pythons only (e.g. tomli before 3.11), so not installed here
            assert dists, f"{path.relative_to(ROOT)} imports {module!r}, which no installed distribution provides"
            if not dists & declared:
                missing.setdefault(", ".join(sorted(dists)), set()).add(str(path.relative_to(ROOT)))
    assert not missing, f"imported but not declared in pyproject.toml dependencies: {missing}"


def test_the_huggingface_hub_requirement_admits_no_version_without_the_api_licscan_uses() -> None:
    (hub,) = [
        Requirement(r) for r in importlib.metadata.requires("licscan") or [] if Requirement(r).name == "huggingface-hub"
    ]
    assert not hub.specifier.contains("1.33.0") and hub.specifier.contains("2.0.0")
    from huggingface_hub import set_client_factory  # noqa: F401  the 2.x API licscan installs its client with


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True, timeout=120, check=False
    )


def _pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_action_yml_is_a_valid_github_action() -> None:
    done = _check_jsonschema("--builtin-schema", "vendor.github-actions", str(ROOT / "action.yml"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_action_with_a_colon_in_a_plain_scalar_is_refused(tmp_path: Path) -> None:
    # The check above can fail: the defect action.yml once had (`description: Policy file (default: ...)`).
    broken = tmp_path / "action.yml"
    broken.write_text(
        (ROOT / "action.yml")
        .read_text(encoding="utf-8")
        .replace('"Policy file (default', "Policy file (default")
        .replace('`policy:`)."', "`policy:`)."),
        encoding="utf-8",
    )
    assert _check_jsonschema("--builtin-schema", "vendor.github-actions", str(broken)).returncode != 0


def test_the_pre_commit_hooks_manifest_loads_and_every_hook_runs_licscan() -> None:
    manifest = ROOT / ".pre-commit-hooks.yaml"
    done = _pre_commit("validate-manifest", str(manifest))
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    assert hooks and all(hook["entry"].split()[0] == "licscan" for hook in hooks)


def _readme_block(marker: str) -> str:
    """The README's ```yaml block whose first line is the comment `marker`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```ya?ml\n(.*?)```", text, re.DOTALL):
        if block.lstrip().startswith(f"# {marker}"):
            return str(block)
    raise AssertionError(f"README.md has no yaml block starting with '# {marker}'")


@pytest.mark.parametrize(
    "marker,check",
    [
        (".github/workflows/", ("check-jsonschema", "vendor.github-workflows")),
        (".pre-commit-config.yaml", ("pre-commit", "validate-config")),
    ],
)
def test_the_readme_examples_are_valid(marker: str, check: tuple[str, str], tmp_path: Path) -> None:
    example = tmp_path / "example.yaml"
    example.write_text(_readme_block(marker), encoding="utf-8")
    if check[0] == "check-jsonschema":
        done = _check_jsonschema("--builtin-schema", check[1], str(example))
    else:
        done = _pre_commit(check[1], str(example))
    assert done.returncode == 0, done.stdout + done.stderr
