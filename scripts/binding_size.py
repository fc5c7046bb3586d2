#!/usr/bin/env python3
"""Lines of code of core and of each binding, and each binding's share of core's.

Counts what a reader must understand: comments (`//`, `///`, `//!`, `/* */`, `#`,
docstrings), blank lines and tests are left out. Tests are `#[cfg(test)]` items in Rust
sources and everything under `tests/` folders. The Python binding counts its Rust and
its Python; its hand-written type stubs (`.pyi`, declarations that mirror the API) are
shown apart. Run from anywhere:

    python3 scripts/binding_size.py
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rust_lines(path: Path) -> int:
    """Code lines of a Rust file, without comments, blank lines and `#[cfg(test)]` items."""
    count = 0
    in_block_comment = False
    skip_depth: int | None = None  # brace depth at which a #[cfg(test)] item started
    pending_test = False
    depth = 0
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if in_block_comment:
            if "*/" in line:
                in_block_comment = False
            continue
        if line.startswith("/*"):
            in_block_comment = "*/" not in line
            continue
        if not line or line.startswith("//"):
            continue
        if line.startswith("#[cfg(test)]"):
            pending_test = True
            continue
        opens, closes = line.count("{"), line.count("}")
        if pending_test and skip_depth is None:
            skip_depth = depth
            pending_test = False
            if opens == 0:  # a one-line item such as `mod tests;`
                skip_depth = None
                continue
        depth += opens - closes
        if skip_depth is not None:
            if depth <= skip_depth:
                skip_depth = None
            continue
        count += 1
    return count


def python_lines(path: Path) -> int:
    """Code lines of a Python file, without comments, docstrings and blank lines."""
    source = path.read_text()
    docstring_lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    first, last = body[0].lineno, body[0].end_lineno or body[0].lineno
                    docstring_lines.update(range(first, last + 1))
    code: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                        tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        for line in range(tok.start[0], tok.end[0] + 1):
            if line not in docstring_lines:
                code.add(line)
    return len(code)


def total(folder: str, suffix: str, count) -> int:  # type: ignore[no-untyped-def]
    files = [p for p in (ROOT / folder).rglob(f"*{suffix}")
             if "tests" not in p.relative_to(ROOT).parts and "target" not in p.parts]
    return sum(count(p) for p in files)


def main() -> int:
    core = total("core/src", ".rs", rust_lines)
    py_rust = total("bindings-python/src", ".rs", rust_lines)
    py_python = total("bindings-python/python", ".py", python_lines)
    stubs = total("bindings-python/python", ".pyi", python_lines)
    kotlin = total("bindings-kotlin/src", ".rs", rust_lines)
    print(f"core (Rust):                 {core:6d}")
    print(f"Python binding (Rust+Python): {py_rust + py_python:5d} "
          f"({py_rust} + {py_python}) = {100 * (py_rust + py_python) / core:.1f}% of core")
    print(f"Kotlin binding (Rust):        {kotlin:5d} = {100 * kotlin / core:.1f}% of core")
    print(f"Python type stubs (.pyi):     {stubs:5d} (not counted above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
