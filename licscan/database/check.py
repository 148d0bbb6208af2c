"""Check database entry files on their own: schema, text files, and every quote verbatim in its text.

usage: python -m licscan.database.check licenses/KEY.yaml [...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from licscan.database.loader import Database, DatabaseError, _load_entry
from licscan.database.prose import prose_problems
from licscan.paths import data_dir


def check_files(paths: list[Path]) -> list[str]:
    root = data_dir("licenses")
    db = Database(root=root, entries={}, version="check")
    problems: list[str] = []
    for path in paths:
        try:
            entry = _load_entry(path)
        except DatabaseError as exc:
            problems.append(str(exc))
            continue
        missing = [t.file for t in entry.texts if not db.text_path(t.file).is_file()]
        if missing:
            problems.append(f"{path}: missing text files {missing}")
            continue
        problems.extend(db.quote_problems(entry))
        others = {e.key: e for e in (_load_entry(p) for p in sorted(root.glob("*.yaml")))}
        problems.extend(prose_problems(entry, others))
        for key in [*entry.incorporates, *entry.members, *(a.key for a in entry.terms.applies)]:
            if not (root / f"{key}.yaml").is_file():
                problems.append(f"{path}: refers to {key!r}, which has no entry file (yet)")
    return problems


def main(argv: list[str]) -> int:
    problems = check_files([Path(a) for a in argv])
    for problem in problems:
        print(problem)
    print(f"{len(argv)} file(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
