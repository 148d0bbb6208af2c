"""Python source, read with `ast`: the model and dataset arguments of the Hub loading calls, constants followed."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from licscan.discover.interface import Candidate, Kind

# A file that names none of these cannot hold a call we look for; it is not parsed at all.
TRIGGERS = (
    "from_pretrained",
    "pipeline",
    "SentenceTransformer",
    "CrossEncoder",
    "SparseEncoder",
    "hf_hub_download",
    "snapshot_download",
    "hf_hub_url",
    "model_info",
    "dataset_info",
    "load_dataset",
    "LLM",
    "EngineArgs",
    "load_lora_weights",
    "load_adapter",
)

# Where the repository id goes in each call: (positional index, keywords).
_FROM_PRETRAINED = (
    0,
    ("pretrained_model_name_or_path", "pretrained_model_or_path", "model_name", "model_id", "repo_id"),
)
_PEFT = (1, ("model_id",))
_LLAMA_CPP = (0, ("repo_id",))
_HUB_CALLS = {"hf_hub_download", "snapshot_download", "hf_hub_url", "model_info", "dataset_info"}
_SENTENCE_TRANSFORMERS = {"SentenceTransformer", "CrossEncoder", "SparseEncoder"}
_VLLM = {"LLM", "EngineArgs", "AsyncEngineArgs"}
# load_dataset's packaged builders read local files: `load_dataset("json", data_files=...)` names no Hub dataset.
_PACKAGED_BUILDERS = frozenset(
    [
        "arrow",
        "audiofolder",
        "cache",
        "csv",
        "generator",
        "imagefolder",
        "json",
        "pandas",
        "parquet",
        "sql",
        "text",
        "videofolder",
        "webdataset",
        "xml",
    ]
)
MAX_DEPTH = 16


@dataclass
class _Scope:
    """A function's (or the module's) names, each with every value bound to it; None marks a run-time binding."""

    parent: _Scope | None
    is_class: bool = False
    # The class whose body defines this method (or encloses it): `self.X` and `cls.X` look there.
    owner: _Scope | None = None
    bindings: dict[str, list[tuple[ast.expr, _Scope] | None]] = field(default_factory=dict)

    def bind(self, name: str, value: ast.expr | None, where: _Scope | None = None) -> None:
        self.bindings.setdefault(name, []).append((value, where or self) if value is not None else None)

    def lookup(self, name: str) -> list[tuple[ast.expr, _Scope] | None] | None:
        scope: _Scope | None = self
        first = True
        while scope is not None:
            # A class body's names are not visible inside its methods.
            if (first or not scope.is_class) and name in scope.bindings:
                return scope.bindings[name]
            first = False
            scope = scope.parent
        return None


class _Collector(ast.NodeVisitor):
    """One pass over the module: the imports, every scope's bindings, and each call with the scope it is in."""

    def __init__(self) -> None:
        self.module = _Scope(None)
        self.scope = self.module
        self.aliases: dict[str, str] = {}
        self.calls: list[tuple[ast.Call, _Scope]] = []
        self.classes: dict[str, _Scope | None] = {}  # None: two classes of one name
        self.subclasses: dict[str, list[_Scope]] = {}  # base class name -> the bodies of classes derived from it
        self.assigned_attributes: set[str] = set()

    # --- imports: which local names stand for which library objects
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            self.aliases[local] = alias.name if alias.asname else local
            self.scope.bind(local, None)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            local = alias.asname or alias.name
            self.aliases[local] = f"{node.module or ''}.{alias.name}".lstrip(".")
            self.scope.bind(local, None)

    # --- scopes
    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        outer = self.scope
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
            outer.bind(node.name, None)
        inner = _Scope(outer, owner=outer if outer.is_class else outer.owner)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        # Defaults line up with the last positional parameters; they are evaluated where the function is defined.
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        for arg, default in zip(positional, defaults, strict=True):
            inner.bind(arg.arg, default, outer)
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            inner.bind(arg.arg, kw_default, outer)
        for star in (args.vararg, args.kwarg):
            if star is not None:
                inner.bind(star.arg, None)
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.visit(default)
        self.scope = inner
        body = node.body if isinstance(node.body, list) else [node.body]
        for stmt in body:
            self.visit(stmt)
        self.scope = outer

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expr)
        self.scope.bind(node.name, None)
        outer = self.scope
        self.scope = _Scope(outer, is_class=True)
        self.classes[node.name] = None if node.name in self.classes else self.scope
        for base in node.bases:
            if isinstance(base, ast.Name):
                self.subclasses.setdefault(base.id, []).append(self.scope)
        for stmt in node.body:
            self.visit(stmt)
        self.scope = outer

    def visit_Global(self, node: ast.Global) -> None:
        # Rebound from inside a function: the module-level value can change at run time.
        for name in node.names:
            self.module.bind(name, None)
            self.scope.bind(name, None)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        for name in node.names:
            self.scope.bind(name, None)
            if self.scope.parent is not None:
                self.scope.parent.bind(name, None)

    # --- bindings
    def _target(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.scope.bind(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else None
            if (
                values is not None
                and len(values) == len(target.elts)
                and not any(isinstance(e, ast.Starred) for e in target.elts)
            ):
                for t, v in zip(target.elts, values, strict=True):
                    self._target(t, v)
            else:
                for t in target.elts:
                    self._target(t.value if isinstance(t, ast.Starred) else t, None)
        elif isinstance(target, ast.Starred):
            self._target(target.value, None)
        elif isinstance(target, ast.Attribute):
            # `self.MODEL = ...` anywhere: the class attribute can be shadowed at run time.
            self.assigned_attributes.add(target.attr)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            # `MODELS["chat"] = ...` changes the table: its entries are no longer known before run time.
            self.scope.bind(target.value.id, None)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._target(node.target, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target, None)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._target(node.target, node.value)
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._target(node.target, None)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self._target(node.target, None)
        self.generic_visit(node)

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self._target(node.optional_vars, None)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.scope.bind(node.name, None)
        self.generic_visit(node)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.name:
            self.scope.bind(node.name, None)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.scope.bind(node.name, None)

    def visit_Call(self, node: ast.Call) -> None:
        self.calls.append((node, self.scope))
        self.generic_visit(node)


def _dotted(expr: ast.expr, aliases: dict[str, str]) -> str:
    """`transformers.AutoModel.from_pretrained` for the callee, through import aliases; `?` for what is not a name."""
    if isinstance(expr, ast.Name):
        return aliases.get(expr.id, expr.id)
    if isinstance(expr, ast.Attribute):
        return f"{_dotted(expr.value, aliases)}.{expr.attr}"
    if isinstance(expr, ast.Call):
        return f"{_dotted(expr.func, aliases)}()"
    return "?"


def _where(call: ast.Call, dotted: str) -> tuple[int, tuple[str, ...], Kind | None] | None:
    """For a call we know: where its repository id is, and its kind (None: from `repo_type=`)."""
    parts = dotted.split(".")
    last, top = parts[-1], parts[0]
    method = isinstance(call.func, ast.Attribute)
    if last == "from_pretrained" and len(parts) >= 2:
        receiver = parts[-2].removesuffix("()")
        if (receiver.startswith("Peft") and receiver.endswith(("Model", "MixedModel"))) or receiver.startswith(
            "PeftModelFor"
        ):
            return (*_PEFT, "model")
        if receiver == "Llama":
            return (*_LLAMA_CPP, "model")
        return (*_FROM_PRETRAINED, "model")
    if last == "pipeline" and top == "transformers":
        return 1, ("model", "tokenizer"), "model"
    if last in _SENTENCE_TRANSFORMERS:
        return 0, ("model_name_or_path", "model_name"), "model"
    if last in _HUB_CALLS and (method or top == "huggingface_hub" or last.endswith("download")):
        kind: Kind | None = "model" if last == "model_info" else "dataset" if last == "dataset_info" else None
        return 0, ("repo_id",), kind
    if last == "load_dataset" and top == "datasets":
        return 0, ("path",), "dataset"
    if last in _VLLM and top == "vllm":
        return 0, ("model", "tokenizer"), "model"
    if last in {"load_lora_weights", "load_adapter"} and method:
        return 0, ("pretrained_model_name_or_path_or_dict", "peft_model_id", "adapter_name_or_path"), "model"
    return None


class _Resolver:
    def __init__(self, collector: _Collector) -> None:
        self.active: set[int] = set()
        self.collector = collector

    def values(self, expr: ast.expr, scope: _Scope, depth: int = 0) -> list[tuple[str, int]]:
        """Each literal string `expr` can only be, with the literal's own line; nothing for a run-time value."""
        if depth > MAX_DEPTH:
            return []
        if isinstance(expr, ast.Constant):
            return [(expr.value, expr.lineno)] if isinstance(expr.value, str) else []
        if isinstance(expr, ast.IfExp):
            return self.values(expr.body, scope, depth + 1) + self.values(expr.orelse, scope, depth + 1)
        if isinstance(expr, ast.Subscript):
            return self._entry(expr, scope, depth)
        if isinstance(expr, ast.Attribute):
            return self._class_attribute(expr, scope, depth)
        if not isinstance(expr, ast.Name):
            # f-strings, concatenation, os.environ[...], a call's result: computed at run time, never guessed.
            return []
        return self._name(expr.id, scope, depth, self.values)

    def _class_attribute(self, expr: ast.Attribute, scope: _Scope, depth: int) -> list[tuple[str, int]]:
        """`self.MODEL`, `cls.MODEL` or `Loader.MODEL`: a class attribute bound to literals in the class body and
        never assigned through an instance."""
        if not isinstance(expr.value, ast.Name) or expr.attr in self.collector.assigned_attributes:
            return []
        name = expr.value.id
        if name in {"self", "cls"}:
            owner = scope.owner
        elif scope.lookup(name) == [None] and name in self.collector.classes:
            owner = self.collector.classes[name]
        else:
            owner = None
        if owner is None or expr.attr not in owner.bindings:
            return []
        found = self._name(expr.attr, owner, depth, self.values)
        if name in {"self", "cls"} and found:
            # On an instance of a subclass, the subclass's own value is the one used.
            class_name = next((n for n, c in self.collector.classes.items() if c is owner), "")
            for subclass in self.collector.subclasses.get(class_name, []):
                if expr.attr in subclass.bindings:
                    found += self._name(expr.attr, subclass, depth, self.values)
        return found

    def _entry(self, expr: ast.Subscript, scope: _Scope, depth: int) -> list[tuple[str, int]]:
        """`MODELS["chat"]`: a literal key into a table of literals; a key known only at run time gives nothing."""
        keys = self.values(expr.slice, scope, depth + 1)
        if not keys:
            return []

        def lookup(table: ast.expr, where: _Scope, level: int) -> list[tuple[str, int]]:
            if level > MAX_DEPTH:
                return []
            if isinstance(table, ast.Name):
                return self._name(table.id, where, level, lookup)
            if not isinstance(table, ast.Dict):
                return []
            out: list[tuple[str, int]] = []
            for key, value in zip(table.keys, table.values, strict=True):
                if isinstance(key, ast.Constant) and any(key.value == k for k, _ in keys):
                    out.extend(self.values(value, where, level + 1))
            return out

        return lookup(expr.value, scope, depth + 1)

    def _name(
        self,
        name: str,
        scope: _Scope,
        depth: int,
        follow: Callable[[ast.expr, _Scope, int], list[tuple[str, int]]],
    ) -> list[tuple[str, int]]:
        bindings = scope.lookup(name)
        if not bindings or any(b is None for b in bindings) or id(bindings) in self.active:
            return []
        self.active.add(id(bindings))
        try:
            out: list[tuple[str, int]] = []
            for binding in bindings:
                assert binding is not None
                value, where = binding
                found = follow(value, where, depth + 1)
                if not found:
                    return []  # one computed assignment: the name's value is only known at run time
                out.extend(found)
            return out
        finally:
            self.active.discard(id(bindings))


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _argument_exprs(call: ast.Call, position: int, keywords: tuple[str, ...]) -> Iterator[ast.expr]:
    positional = call.args
    if len(positional) > position and not any(isinstance(a, ast.Starred) for a in positional[: position + 1]):
        yield positional[position]
    for name in keywords:
        value = _keyword(call, name)
        if value is not None:
            yield value


def _repo_types(expr: ast.expr | None, scope: _Scope, resolver: _Resolver, aliases: dict[str, str]) -> set[str]:
    """The repo_type a Hub call names: a literal, a constant, or huggingface_hub's REPO_TYPE_* constants."""
    if expr is None:
        return {"model"}
    dotted = _dotted(expr, aliases)
    if dotted.startswith("huggingface_hub") and "REPO_TYPE_" in dotted:
        return {dotted.rsplit("REPO_TYPE_", 1)[1].lower()}
    return {v for v, _ in resolver.values(expr, scope)}


def scan_python(source: str) -> list[Candidate]:
    """The candidate ids of a module's loading calls; raises SyntaxError (or ValueError) when it does not parse."""
    if not any(trigger in source for trigger in TRIGGERS):
        return []
    tree = ast.parse(source)
    collector = _Collector()
    collector.visit(tree)
    resolver = _Resolver(collector)
    out: list[Candidate] = []
    for call, scope in collector.calls:
        where = _where(call, _dotted(call.func, collector.aliases))
        if where is None:
            continue
        position, keywords, kind = where
        if kind is None:
            repo_type = _keyword(call, "repo_type")
            types = _repo_types(repo_type, scope, resolver, collector.aliases)
            if not types or types - {"model", "dataset"}:
                continue  # a Space, or a repo_type only known at run time
            kind = "dataset" if types == {"dataset"} else "model"
        for expr in _argument_exprs(call, position, keywords):
            for text, line in resolver.values(expr, scope):
                if kind == "dataset" and text in _PACKAGED_BUILDERS:
                    continue
                out.append(Candidate(text=text, kind=kind, line=line))
    return out
