"""The examples in the README and in the docstrings run, so they cannot rot."""

from __future__ import annotations

import doctest
import re
from pathlib import Path
from typing import Any

import pytest

import callwise
import callwise.retention
import callwise.retention.evaluate
import callwise.routine

READMES = [
    Path(__file__).resolve().parents[1] / "README.md",  # the Python package's
    Path(__file__).resolve().parents[2] / "README.md",  # the project's quickstart
]


MODULES = [callwise, callwise.retention, callwise.retention.evaluate, callwise.routine]


def documented() -> list[Any]:
    """Every public module of ``callwise``, their public objects and those objects' public
    methods and attributes, by dotted name."""
    found: list[tuple[str, Any]] = []
    for module in MODULES:
        found.append((module.__name__, module))
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj):
                continue
            found.append((f"{module.__name__}.{name}", obj))
            if isinstance(obj, type):
                found.extend(
                    (f"{module.__name__}.{name}.{attr}", value)
                    for attr, value in vars(obj).items()
                    if not attr.startswith("_")
                )
    return [pytest.param(name, obj, id=name) for name, obj in found]


@pytest.mark.parametrize(("name", "obj"), documented())
def test_docstring_examples(name: str, obj: Any) -> None:
    doc = obj.__doc__
    assert doc, f"{name} has no docstring"
    test = doctest.DocTestParser().get_doctest(doc, {"callwise": callwise}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} example(s) in {name} failed"


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.parent.name))
def test_readme_examples(readme: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(readme), "exec"), {})
