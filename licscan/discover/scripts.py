"""Shell scripts, Dockerfiles and Makefiles: the model ids given to vllm, hf download, TGI and ollama."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator

from licscan.discover.interface import Candidate, Kind
from licscan.hubnames import hub_path

Token = tuple[str, int]

_OPERATORS = frozenset({";", "&&", "||", "|", "&", "(", ")", ";;", "|&", "\n"})
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.DOTALL)
_VARIABLE = re.compile(r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$")
# Options of `hf download` / `vllm serve` that take a value, so that value is not taken for the repository id.
_VALUE_OPTIONS = frozenset(
    [
        "--repo-type",
        "--revision",
        "--include",
        "--exclude",
        "--local-dir",
        "--cache-dir",
        "--token",
        "--max-workers",
        "--host",
        "--port",
        "--config",
        "--served-model-name",
        "--tensor-parallel-size",
        "--dtype",
        "--max-model-len",
        "--gpu-memory-utilization",
    ]
)
TRIGGERS = ("vllm", "download", "text-generation", "ollama")


def _logical_lines(text: str, first_line: int) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Lines joined over trailing backslashes, each with its physical lines (text, number) for locating tokens."""
    pending: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=first_line):
        if line.endswith("\\"):
            pending.append((line[:-1], number))
            continue
        pending.append((line, number))
        yield " ".join(part for part, _ in pending), pending
        pending = []
    if pending:
        yield " ".join(part for part, _ in pending), pending


def _tokens(logical: str, physical: list[tuple[str, int]]) -> list[Token]:
    """shlex words and operators, each with the physical line it sits on."""
    try:
        lexer = shlex.shlex(logical, posix=True, punctuation_chars=";&|()")
        lexer.whitespace_split = True
        words = list(lexer)
    except ValueError:  # an unclosed quote: fall back to plain words rather than lose the line
        words = logical.split()
    out: list[Token] = []
    row, col = 0, 0
    for word in words:
        for r in range(row, len(physical)):
            at = physical[r][0].find(word, col if r == row else 0)
            if at >= 0:
                row, col = r, at + len(word)
                break
        out.append((word, physical[row][1]))
    return out


def _commands(tokens: list[Token]) -> Iterator[list[Token]]:
    command: list[Token] = []
    for token in tokens:
        if token[0] in _OPERATORS:
            if command:
                yield command
            command = []
        else:
            command.append(token)
    if command:
        yield command


def _option(command: list[Token], names: tuple[str, ...]) -> Iterator[Token]:
    for i, (word, line) in enumerate(command):
        for name in names:
            if word == name and i + 1 < len(command):
                yield command[i + 1]
            elif word.startswith(name + "="):
                yield word[len(name) + 1 :], line


def _positional(rest: list[Token]) -> Token | None:
    skip = False
    for word, line in rest:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in _VALUE_OPTIONS
        else:
            return word, line
    return None


def _program(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def command_candidates(command: list[Token], variables: dict[str, list[Token] | None]) -> list[Candidate]:
    """The ids one simple command (a word list) passes to a model server or downloader."""
    found: list[tuple[Token, Kind, bool]] = []
    words = [_program(w) for w, _ in command]
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word == "vllm" and nxt == "serve":
            hit = _positional(command[i + 2 :])
            if hit:
                found.append((hit, "model", True))
        elif word in {"huggingface-cli", "hf"} and nxt == "download":
            hit = _positional(command[i + 2 :])
            types = {t for t, _ in _option(command, ("--repo-type",))}
            if hit and types <= {"model", "dataset"}:
                found.append((hit, "dataset" if types == {"dataset"} else "model", True))
        elif word == "ollama" and nxt in {"pull", "run"} and i + 2 < len(command):
            ref, line = command[i + 2]
            # `ollama run hf.co/org/name:quant`; ollama's own library names (llama3.1:8b) are not Hub repositories.
            path = hub_path(ref if "://" in ref else f"https://{ref}")
            if path:
                found.append(((path.split(":", 1)[0], line), "model", True))
    if any("text-generation-launcher" in w or "text-generation-inference" in w for w in words):
        found.extend((hit, "model", True) for hit in _option(command, ("--model-id",)))
    if any(w == "vllm" or w.startswith("vllm.") or "vllm-openai" in w for w in words):
        found.extend((hit, "model", True) for hit in _option(command, ("--model", "--tokenizer")))
    out = []
    for (word, line), kind, bare_ok in found:
        for text, at in _expand(word, line, variables):
            out.append(Candidate(text=text, kind=kind, line=at, bare_ok=bare_ok))
    return out


def _expand(word: str, line: int, variables: dict[str, list[Token] | None]) -> list[Token]:
    """A literal word as it is; `$NAME` to the literal values assigned to NAME; anything else computed: nothing."""
    match = _VARIABLE.match(word)
    if match:
        values = variables.get(match.group(1) or match.group(2))
        return list(values) if values else []
    if "$" in word or "`" in word:
        return []
    return [(word, line)]


def _assign(variables: dict[str, list[Token] | None], name: str, value: str, line: int) -> None:
    if name in variables and variables[name] is None:
        return
    if "$" in value or "`" in value:
        variables[name] = None  # computed at run time: never followed
    else:
        variables.setdefault(name, []).append((value, line))  # type: ignore[union-attr]


def _assignments(command: list[Token], variables: dict[str, list[Token] | None]) -> None:
    words = command[1:] if command and command[0][0] in {"export", "readonly", "declare", "local"} else command
    for word, line in words:
        match = _ASSIGNMENT.match(word)
        if not match:
            break
        _assign(variables, match.group(1), match.group(2), line)
    if command and command[0][0] == "read":
        for word, _ in command[1:]:
            if not word.startswith("-"):
                variables[word] = None


def scan_shell(text: str, first_line: int = 1, prefix: list[str] | None = None) -> list[Candidate]:
    """A shell script (or a recipe, a RUN line, a notebook `!` line); `prefix` is the image's entrypoint, if known."""
    variables: dict[str, list[Token] | None] = {}
    out: list[Candidate] = []
    for logical, physical in _logical_lines(text, first_line):
        for command in _commands(_tokens(logical, physical)):
            _assignments(command, variables)
            full = [(p, physical[0][1]) for p in prefix or []] + command
            out.extend(command_candidates(full, variables))
    return out


def scan_makefile(text: str) -> list[Candidate]:
    """A Makefile's recipe lines as shell; make's own $(VARS) are not followed."""
    lines = [line[1:].lstrip("@-+") if line.startswith("\t") else "" for line in text.splitlines()]
    return scan_shell("\n".join(lines))


_INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)\s+(.*)$", re.DOTALL)


def scan_dockerfile(text: str) -> list[Candidate]:
    """RUN, CMD and ENTRYPOINT as shell (or exec-form JSON); ENV and ARG literals followed into them."""
    variables: dict[str, list[Token] | None] = {}
    entrypoint: list[str] = []
    out: list[Candidate] = []
    for logical, physical in _logical_lines(text, 1):
        match = _INSTRUCTION.match(logical)
        if not match or logical.lstrip().startswith("#"):
            continue
        instruction, rest = match.group(1).upper(), match.group(2)
        line = physical[0][1]
        if instruction == "FROM":
            image = rest.split()[0] if rest.split() else ""
            # The serving images run the server as their entrypoint: CMD carries only its arguments.
            entrypoint = []
            if "vllm" in image:
                entrypoint = ["vllm"]
            elif "text-generation" in image:
                entrypoint = ["text-generation-launcher"]
        elif instruction in {"ENV", "ARG"}:
            words = _tokens(rest, physical)
            if instruction == "ENV" and len(words) == 2 and "=" not in words[0][0]:
                _assign(variables, words[0][0], words[1][0], words[1][1])
            else:
                for word, at in words:
                    assignment = _ASSIGNMENT.match(word)
                    if assignment:
                        _assign(variables, assignment.group(1), assignment.group(2), at)
        elif instruction in {"RUN", "CMD", "ENTRYPOINT"}:
            if instruction == "ENTRYPOINT":
                entrypoint = []
            exec_form = _exec_form(rest)
            if exec_form is not None:
                tokens = [(word, _line_of(word, physical, line)) for word in exec_form]
                command = [(p, line) for p in ([] if instruction == "RUN" else entrypoint)] + tokens
                out.extend(command_candidates(command, variables))
            else:
                for command in _commands(_tokens(rest, physical)):
                    _assignments(command, variables)
                    lead = [] if instruction == "RUN" else [(p, line) for p in entrypoint]
                    out.extend(command_candidates(lead + command, variables))
    return out


def _exec_form(rest: str) -> list[str] | None:
    if not rest.lstrip().startswith("["):
        return None
    try:
        value = json.loads(rest)
    except ValueError:
        return None
    return [str(v) for v in value] if isinstance(value, list) else None


def _line_of(word: str, physical: list[tuple[str, int]], default: int) -> int:
    return next((number for text, number in physical if word in text), default)


def scan_words(words: list[Token]) -> list[Candidate]:
    """An exec-form command written as a list (a compose `command:`, a Kubernetes `args:`)."""
    return command_candidates(words, {})
