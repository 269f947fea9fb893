"""Run pre_gen_project's answer checks inside cookiecutter, right after the last prompt.

Cookiecutter runs a hook in a child process and logs any hook that exits non-zero
with a Python traceback of its own. A Jinja extension named in cookiecutter.json's
``_extensions`` runs in cookiecutter's process instead: rendering
``__answers_checked``, the variable after the last prompt, calls
``checked_answers``, which raises ``BadAnswers`` on any problem. Cookiecutter's
command line catches ``FailedHookException`` and its subclasses and prints their
message alone, and nothing has been created yet. Cookiecutter, cruft and
pytest-cookies all render that variable, with the template folder on ``sys.path``.

cruft update imports this module once for both the old and the new template, so the
checks are read anew from ``hooks/pre_gen_project.py`` on every call, and the names
cookiecutter.json and the hook use (``checked_answers``, ``template_dir``) must stay.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from cookiecutter.exceptions import FailedHookException
from jinja2 import Environment
from jinja2.ext import Extension

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
PRE_GEN_HOOK = TEMPLATE_DIR / "hooks" / "pre_gen_project.py"


# Untyped base: cookiecutter ships no type information.
class BadAnswers(FailedHookException):  # type: ignore[misc]
    """Every problem with the answers, as one message for the command line."""


class AnswerChecks(Extension):
    """The ``checked_answers`` filter, and ``template_dir`` for pre_gen_project."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters["checked_answers"] = checked_answers
        environment.globals["template_dir"] = str(TEMPLATE_DIR)


def load_pre_gen_hook() -> ModuleType:
    """The hook as it is on disk now, unrendered; compiled rather than imported, so
    nothing is cached between two templates in one process or left in hooks/."""
    module = ModuleType("pre_gen_project")
    source = PRE_GEN_HOOK.read_text(encoding="utf-8")
    exec(compile(source, PRE_GEN_HOOK, "exec"), module.__dict__)
    return module


def checked_answers(answers: dict[str, Any]) -> str:
    """Stop the bake with every problem of the answers, or say they were checked."""
    report: str | None = load_pre_gen_hook().problems_report(dict(answers), TEMPLATE_DIR)
    if report:
        raise BadAnswers(report)
    return "yes"
