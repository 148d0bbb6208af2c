"""The decisive stage: which license binds a model, and every license that binds it beside.

- declared.py: declared keys, the one reading of license metadata (cards, datasets, GGUF headers, the census);
- files.py: the license files, classified; prose.py: what a card's prose states;
- own.py: the model's own conclusion from those; problems.py: reading problems as findings;
- lineage.py: the walker over bases and datasets (one Future per id), and the binding step with their licenses;
- gguf.py: GGUF header evidence; bound.py: Bound, Binding and the replacement rules;
- binding.py: the one binding sequence (card and files, then bases, then GGUF headers), `bind`.

policy imports this package; it never imports policy.
"""

from licscan.conclude.binding import Bindings, bind, conclude_with_lineage, settled
from licscan.conclude.bound import PERMISSIVENESS, Binding, Bound, grants_less, replaces
from licscan.conclude.declared import card_declared, dataset_key, declared_keys, declared_licenses, header_keys
from licscan.conclude.files import ClassifiedFile, classify_documents, link_target, readme_wanted_for
from licscan.conclude.gguf import HeaderJudgement, gguf_evidence, judge_headers
from licscan.conclude.lineage import DEFAULT_MAX_DEPTH, LineageWalker, Node, with_bases
from licscan.conclude.own import Conclusion, conclude, own_binding
from licscan.conclude.problems import gated_notice, source_findings

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "PERMISSIVENESS",
    "Binding",
    "Bindings",
    "Bound",
    "ClassifiedFile",
    "Conclusion",
    "HeaderJudgement",
    "LineageWalker",
    "Node",
    "bind",
    "card_declared",
    "classify_documents",
    "conclude",
    "conclude_with_lineage",
    "dataset_key",
    "declared_keys",
    "declared_licenses",
    "gated_notice",
    "gguf_evidence",
    "grants_less",
    "header_keys",
    "judge_headers",
    "link_target",
    "own_binding",
    "readme_wanted_for",
    "replaces",
    "settled",
    "source_findings",
    "with_bases",
]
