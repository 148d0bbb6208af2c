"""Use cases: one function each, a frozen request in, a result and an exit code out; no click, nothing printed."""
