"""Comparing built sites file by file."""
from __future__ import annotations

from pathlib import Path


def tree(root: Path) -> dict[str, bytes]:
    """{relative path: bytes} of every file below root."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb), set(ta) ^ set(tb)
    assert any(name.startswith("pagefind/fragment/") for name in ta)
    differ = [name for name in ta if ta[name] != tb[name]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:10]}"
