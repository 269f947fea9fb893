"""Checks that the project still follows its rulebook (see AGENTS.md).

Each check is a plain function that returns a list of `Violation`s: an empty list
means the rule holds. `tests/test_conventions.py` runs every check over the
project's own code; `tests/test_convention_checks.py` shows each one catching a
small bad example, so none of them passes by being unable to fail.
"""
