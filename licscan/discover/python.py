"""Python source, read with `ast`: the model and dataset arguments of the Hub loading calls, constants followed."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from licscan.discover.interface import Candidate, Kind, Unresolved

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
# A module imported from the scanned tree larger than this is data, not the constants of a code base.
MAX_MODULE_BYTES = 2 * 1024 * 1024
# How much of a computed argument's source the "could not tell" report quotes.
MAX_ARGUMENT = 80


class _Literal(NamedTuple):
    """A string literal a value can be, where it is written: its line, and its module's file."""

    text: str
    line: int
    path: Path | None


class _Imported(ast.expr):
    """What an import binds a name to: a module (`name` None) or a name in a module, resolved in the scanned tree."""

    _fields = ("module", "name", "level")

    def __init__(self, module: str | None, name: str | None, level: int) -> None:
        super().__init__()
        self.module = module
        self.name = name
        self.level = level


class _Param(ast.expr):
    """What a function's parameter is bound to: the default, and the arguments of the calls of that function."""

    _fields = ("function", "index", "name", "default")

    def __init__(self, function: ast.FunctionDef | ast.AsyncFunctionDef, index: int | None, name: str,
                 default: ast.expr | None) -> None:  # fmt: skip
        super().__init__()
        self.function = function
        self.index = index  # among the positional parameters; None for a keyword-only one
        self.name = name
        self.default = default


class _Each(ast.expr):
    """What a `for` target is bound to: each item of the iterable, in turn."""

    _fields = ("iterable",)

    def __init__(self, iterable: ast.expr) -> None:
        super().__init__()
        self.iterable = iterable


@dataclass
class _Scope:
    """A function's (or the module's) names, each with every value bound to it; None marks a run-time binding."""

    parent: _Scope | None
    is_class: bool = False
    # The class whose body defines this method (or encloses it): `self.X` and `cls.X` look there.
    owner: _Scope | None = None
    bindings: dict[str, list[tuple[ast.expr, _Scope] | None]] = field(default_factory=dict)
    # The module (its collector) this scope belongs to: classes, aliases and imports are looked up there.
    unit: _Collector | None = None

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

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.module = _Scope(None)
        self.module.unit = self
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
            self.scope.bind(local, _Imported(alias.name if alias.asname else local, None, 0))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            local = alias.asname or alias.name
            self.aliases[local] = f"{node.module or ''}.{alias.name}".lstrip(".")
            if alias.name == "*":
                continue  # what a star import binds is not spelled out here
            self.scope.bind(local, _Imported(node.module, alias.name, node.level))

    # --- scopes
    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        outer = self.scope
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
            outer.bind(node.name, None)
        inner = _Scope(outer, owner=outer if outer.is_class else outer.owner, unit=self)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        # Defaults line up with the last positional parameters; they are evaluated where the function is defined.
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
        if isinstance(node, ast.Lambda):
            for arg, default in zip(positional, defaults, strict=True):
                inner.bind(arg.arg, default, outer)
            for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
                inner.bind(arg.arg, kw_default, outer)
        else:
            # A parameter is its default or what a call passes: the calls in this module are followed (_Resolver).
            for i, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
                inner.bind(arg.arg, _Param(node, i, arg.arg, default), outer)
            for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
                inner.bind(arg.arg, _Param(node, None, arg.arg, kw_default), outer)
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
        self.scope = _Scope(outer, is_class=True, unit=self)
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
        # `for name in ["a/b", "c/d"]:` binds name to each item; other targets are known only at run time.
        self._target(node.target, _Each(node.iter) if isinstance(node.target, ast.Name) else None)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self._target(node.target, _Each(node.iter) if isinstance(node.target, ast.Name) else None)
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


class Project:
    """The Python modules of the scanned tree, each parsed once, when a scanned file or an import first names it: a
    constant defined in one module and used in another is followed there."""

    def __init__(self, roots: Sequence[Path] = ()) -> None:
        self.roots = [r.resolve() for r in roots]
        self._units: dict[Path, _Collector | None] = {}

    def register(self, path: Path, unit: _Collector) -> None:
        self._units[path.resolve()] = unit

    def unit(self, path: Path) -> _Collector | None:
        """The module at path, collected; None when it is not in the scanned tree, too large, or not Python."""
        path = path.resolve()
        if path in self._units:
            return self._units[path]
        self._units[path] = None  # an import cycle meets this module still being read: nothing to follow yet
        if not any(path == r or r in path.parents for r in self.roots):
            return None
        try:
            if path.stat().st_size > MAX_MODULE_BYTES:
                return None
            tree = ast.parse(path.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
            return None
        unit = _Collector(path)
        unit.visit(tree)
        self._units[path] = unit
        return unit

    def module(self, importer: _Collector, dotted: str | None, level: int) -> _Collector | None:
        """The module an import names, as Python would find it from the importing file: a relative import from its
        package; an absolute one from the file's folder (a script) or a folder above it in the tree (a package)."""
        if importer.path is None:
            return None
        parts = dotted.split(".") if dotted else []
        if level:
            base = importer.path.parent
            for _ in range(level - 1):
                base = base.parent
            folders = [base]
        else:
            if not parts:
                return None
            folders = [importer.path.parent, *importer.path.parents[1:]]
            folders = [f for f in folders if any(f == r or r in f.parents for r in self.roots)] or folders[:1]
        for folder in folders:
            stem = folder.joinpath(*parts)
            for candidate in (stem.with_name(stem.name + ".py") if parts else None, stem / "__init__.py"):
                if candidate is not None and candidate.is_file():
                    return self.unit(candidate)
        return None


@dataclass(frozen=True)
class ModuleScan:
    candidates: list[Candidate]
    # The loading calls whose repository argument is computed at run time: a visible "could not tell".
    unresolved: list[Unresolved]


class _Resolver:
    def __init__(self, project: Project) -> None:
        self.active: set[int] = set()
        self.project = project
        # Set when some value on the way was computed at run time: what was found is then not all the call can load.
        self.gap = False

    def resolve(self, expr: ast.expr, scope: _Scope) -> tuple[list[_Literal], bool]:
        """The literals `expr` can be, and whether that is all it can be."""
        self.gap = False
        found = self.values(expr, scope)
        return found, bool(found) and not self.gap

    def _none(self) -> list[_Literal]:
        self.gap = True
        return []

    def values(self, expr: ast.expr, scope: _Scope, depth: int = 0) -> list[_Literal]:
        """Each literal string `expr` can only be, with the literal's own line; nothing for a run-time value."""
        if depth > MAX_DEPTH:
            return self._none()
        if isinstance(expr, ast.Constant):
            return (
                [_Literal(expr.value, expr.lineno, scope.unit.path if scope.unit else None)]
                if isinstance(expr.value, str)
                else self._none()
            )
        if isinstance(expr, ast.IfExp):
            return self.values(expr.body, scope, depth + 1) + self.values(expr.orelse, scope, depth + 1)
        if isinstance(expr, ast.Subscript):
            return self._entry(expr, scope, depth)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, scope, depth)
        if isinstance(expr, _Each):
            return self._each(expr.iterable, scope, depth + 1)
        if isinstance(expr, _Param):
            return self._param(expr, scope, depth + 1)
        if isinstance(expr, _Imported):
            return self._imported(expr, scope, depth, self.values)
        if not isinstance(expr, ast.Name):
            # f-strings, concatenation, os.environ[...], a call's result: computed at run time, never guessed.
            return self._none()
        return self._name(expr.id, scope, depth, self.values)

    def _param(self, param: _Param, outer: _Scope, depth: int) -> list[_Literal]:
        """A parameter: its default, and the argument of each call of the function in its module. A public
        function's callers may also be elsewhere, so without a default what its calls here pass is not all."""
        if depth > MAX_DEPTH:
            return self._none()
        out = self.values(param.default, outer, depth + 1) if param.default is not None else []
        sites = self._call_sites(param, outer)
        for argument, where in sites:
            if argument is not None:
                out += self.values(argument, where, depth + 1)
        if param.default is None and (not sites or not param.function.name.startswith("_")):
            self.gap = True
        return out

    def _call_sites(self, param: _Param, outer: _Scope) -> list[tuple[ast.expr | None, _Scope]]:
        """(argument passed for the parameter, or None when the call leaves it to the default; the call's scope) for
        each call of the function by its name, or as `self.name(...)` from a method of its class."""
        unit = outer.unit
        name = param.function.name
        binding = outer.bindings.get(name)
        if unit is None or binding is None:
            return []
        sites: list[tuple[ast.expr | None, _Scope]] = []
        for call, scope in unit.calls:
            func = call.func
            if isinstance(func, ast.Name) and func.id == name and not outer.is_class and scope.lookup(name) is binding:
                shift = 0
            elif (
                isinstance(func, ast.Attribute)
                and func.attr == name
                and isinstance(func.value, ast.Name)
                and func.value.id in {"self", "cls"}
                and outer.is_class
                and scope.owner is outer
            ):
                shift = 1  # the instance or class is the first parameter
            else:
                continue
            sites.append((self._argument_for(call, param, shift), scope))
        return sites

    @staticmethod
    def _argument_for(call: ast.Call, param: _Param, shift: int) -> ast.expr | None:
        keyword = next((k.value for k in call.keywords if k.arg == param.name), None)
        if keyword is not None:
            return keyword
        if any(k.arg is None for k in call.keywords):
            return call  # **kwargs: what it holds is known at run time
        if param.index is not None and param.index >= shift:
            position = param.index - shift
            for i, arg in enumerate(call.args):
                if isinstance(arg, ast.Starred):
                    return call  # *args: the positions after it are known at run time
                if i == position:
                    return arg
        return None

    def _each(self, iterable: ast.expr, scope: _Scope, depth: int) -> list[_Literal]:
        """The items of a list, tuple or set literal (or a name bound to one): what a loop over it goes through."""

        def items(node: ast.expr, where: _Scope, level: int) -> list[_Literal]:
            if level > MAX_DEPTH:
                return self._none()
            if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                out: list[_Literal] = []
                for element in node.elts:
                    out += self.values(element, where, level + 1)
                return out
            if isinstance(node, ast.Name):
                return self._name(node.id, where, level, items)
            if isinstance(node, ast.Attribute) and (unit := self._module_of(node.value, where, level)) is not None:
                return self._name(node.attr, unit.module, level + 1, items)
            if isinstance(node, _Imported):
                return self._imported(node, where, level, items)
            return self._none()

        return items(iterable, scope, depth)

    def _imported(
        self,
        node: _Imported,
        scope: _Scope,
        depth: int,
        follow: Callable[[ast.expr, _Scope, int], list[_Literal]],
    ) -> list[_Literal]:
        """A name imported from a module of the scanned tree: its binding there (a submodule is not a value)."""
        importer = scope.unit
        if importer is None or node.name is None:
            return self._none()
        unit = self.project.module(importer, node.module, node.level)
        if unit is None or node.name not in unit.module.bindings:
            return self._none()
        return self._name(node.name, unit.module, depth + 1, follow)

    def _module_of(self, expr: ast.expr, scope: _Scope, depth: int) -> _Collector | None:
        """The scanned-tree module `expr` names (`constants`, `app.constants`, `from app import constants`)."""
        if depth > MAX_DEPTH or scope.unit is None:
            return None
        if isinstance(expr, ast.Attribute):
            parent = self._module_of(expr.value, scope, depth + 1)
            if parent is None or parent.path is None or parent.path.name != "__init__.py":
                return None
            return self.project.module(parent, expr.attr, 1)
        if not isinstance(expr, ast.Name):
            return None
        bindings = scope.lookup(expr.id)
        if not bindings or len(bindings) != 1 or bindings[0] is None:
            return None
        value, where = bindings[0]
        if not isinstance(value, _Imported) or where.unit is None:
            return None
        if value.name is None:
            return self.project.module(where.unit, value.module, value.level)
        # `from app import constants`: the submodule app/constants.py (or nothing: then a name in app/__init__.py).
        dotted = f"{value.module}.{value.name}" if value.module else value.name
        return self.project.module(where.unit, dotted, value.level)

    def _attribute(self, expr: ast.Attribute, scope: _Scope, depth: int) -> list[_Literal]:
        unit = self._module_of(expr.value, scope, depth + 1)
        if unit is not None:
            # `constants.EMBEDDER`: the module's binding, unless some module assigns the attribute at run time.
            if expr.attr in unit.assigned_attributes or expr.attr not in unit.module.bindings:
                return self._none()
            return self._name(expr.attr, unit.module, depth + 1, self.values)
        return self._class_attribute(expr, scope, depth)

    def _class_attribute(self, expr: ast.Attribute, scope: _Scope, depth: int) -> list[_Literal]:
        """`self.MODEL`, `cls.MODEL` or `Loader.MODEL`: a class attribute bound to literals in the class body and
        never assigned through an instance."""
        collector = scope.unit
        if collector is None or not isinstance(expr.value, ast.Name) or expr.attr in collector.assigned_attributes:
            return self._none()
        name = expr.value.id
        if name in {"self", "cls"}:
            owner = scope.owner
        elif scope.lookup(name) == [None] and name in collector.classes:
            owner = collector.classes[name]
        else:
            owner = None
        if owner is None or expr.attr not in owner.bindings:
            return self._none()
        found = self._name(expr.attr, owner, depth, self.values)
        if name in {"self", "cls"} and found:
            # On an instance of a subclass, the subclass's own value is the one used.
            class_name = next((n for n, c in collector.classes.items() if c is owner), "")
            for subclass in collector.subclasses.get(class_name, []):
                if expr.attr in subclass.bindings:
                    found += self._name(expr.attr, subclass, depth, self.values)
        return found

    def _entry(self, expr: ast.Subscript, scope: _Scope, depth: int) -> list[_Literal]:
        """`MODELS["chat"]`: a literal key into a table of literals; a key known only at run time gives nothing."""
        keys = self.values(expr.slice, scope, depth + 1)
        if not keys:
            return self._none()

        def lookup(table: ast.expr, where: _Scope, level: int) -> list[_Literal]:
            if level > MAX_DEPTH:
                return self._none()
            if isinstance(table, ast.Name):
                return self._name(table.id, where, level, lookup)
            if isinstance(table, _Imported):
                return self._imported(table, where, level, lookup)
            if isinstance(table, ast.Attribute) and (unit := self._module_of(table.value, where, level)) is not None:
                return self._name(table.attr, unit.module, level + 1, lookup)
            if not isinstance(table, ast.Dict):
                return self._none()
            out: list[_Literal] = []
            for key, value in zip(table.keys, table.values, strict=True):
                if isinstance(key, ast.Constant) and any(key.value == k.text for k in keys):
                    out.extend(self.values(value, where, level + 1))
            return out or self._none()

        return lookup(expr.value, scope, depth + 1)

    def _name(
        self,
        name: str,
        scope: _Scope,
        depth: int,
        follow: Callable[[ast.expr, _Scope, int], list[_Literal]],
    ) -> list[_Literal]:
        bindings = scope.lookup(name)
        if not bindings or any(b is None for b in bindings) or id(bindings) in self.active:
            return self._none()
        self.active.add(id(bindings))
        try:
            out: list[_Literal] = []
            for binding in bindings:
                assert binding is not None
                value, where = binding
                found = follow(value, where, depth + 1)
                if not found:
                    return self._none()  # one computed assignment: the name's value is only known at run time
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
    return {v.text for v in resolver.values(expr, scope)}


def _loaded_object(expr: ast.expr, scope: _Scope, aliases: dict[str, str]) -> bool:
    """A model object another loading call made (`pipeline(model=model)` after `model = X.from_pretrained(...)`):
    that call is the use, and is reported (or said unresolved) on its own."""
    if isinstance(expr, ast.Call):
        return _where(expr, _dotted(expr.func, aliases)) is not None
    if isinstance(expr, ast.Name):
        bindings = scope.lookup(expr.id) or []
        return bool(bindings) and all(
            b is not None and isinstance(b[0], ast.Call) and _loaded_object(b[0], b[1], aliases) for b in bindings
        )
    return False


def _shown(expr: ast.expr) -> str:
    text = " ".join(ast.unparse(expr).split())
    return text if len(text) <= MAX_ARGUMENT else text[: MAX_ARGUMENT - 1] + "…"


def scan_module(source: str, project: Project | None = None, path: Path | None = None) -> ModuleScan:
    """The candidate ids of a module's loading calls, and the calls whose id is computed at run time; a constant
    imported from another module of the project is followed there. Raises SyntaxError (or ValueError) when the
    module does not parse."""
    if not any(trigger in source for trigger in TRIGGERS):
        return ModuleScan([], [])
    tree = ast.parse(source)
    project = project or Project()
    collector = _Collector(path.resolve() if path is not None else None)
    collector.visit(tree)
    if path is not None:
        project.register(path, collector)
    resolver = _Resolver(project)
    out: list[Candidate] = []
    unresolved: list[Unresolved] = []
    for call, scope in collector.calls:
        callee = _dotted(call.func, collector.aliases)
        where = _where(call, callee)
        if where is None:
            continue
        position, keywords, kind = where
        if kind is None:
            repo_type = _keyword(call, "repo_type")
            types = _repo_types(repo_type, scope, resolver, collector.aliases)
            if types - {"model", "dataset"}:
                continue  # a Space
            if not types:
                # A repo_type only known at run time: a model, a dataset or a Space, which cannot be told.
                named = next(_argument_exprs(call, position, keywords), None)
                shown = f"{_shown(named)}, " if named is not None else ""
                argument = f"{shown}repo_type={_shown(repo_type) if repo_type is not None else '?'}"
                unresolved.append(Unresolved(line=call.lineno, call=callee, argument=argument))
                continue
            kind = "dataset" if types == {"dataset"} else "model"
        for expr in _argument_exprs(call, position, keywords):
            found, complete = resolver.resolve(expr, scope)
            for literal in found:
                if kind == "dataset" and literal.text in _PACKAGED_BUILDERS:
                    continue
                # A literal in another module of the project is reported where it is written.
                elsewhere = literal.path if literal.path != collector.path else None
                out.append(Candidate(text=literal.text, kind=kind, line=literal.line, path=elsewhere))
            if not complete and not _loaded_object(expr, scope, collector.aliases):
                unresolved.append(Unresolved(line=call.lineno, call=callee, argument=_shown(expr), kind=kind))
    return ModuleScan(out, unresolved)


def scan_python(source: str) -> list[Candidate]:
    """The candidate ids of a module's loading calls; raises SyntaxError (or ValueError) when it does not parse."""
    return scan_module(source).candidates
