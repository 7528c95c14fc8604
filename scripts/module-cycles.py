#!/usr/bin/env python3
"""Module circles between the top-level modules of a Rust crate.

Usage: scripts/module-cycles.py [SRC]   (SRC defaults to crates/core/src)

Collects every `crate::X` reference (paths and `use crate::{..}` groups, comments
ignored) per top-level module of SRC, then prints each strongly connected component
of more than one module with one reference per edge closing it, and any module that
imports `audit` (the top of the pipeline). Exit status 1 when there is any.
"""
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
src = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "crates/core/src"
modules = {p.stem for p in src.glob("*.rs")} | {p.name for p in src.iterdir() if p.is_dir()}
modules -= {"lib", "main"}


def top_names(group):
    """Top-level names of a `{a, b::c, d::{e, f}}` group body."""
    depth, names, current = 0, [], ""
    for c in group:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            names.append(current)
            current = ""
            continue
        if depth == 0:
            current += c
    names.append(current)
    return [n.strip().split("::")[0] for n in names if n.strip()]


edges = {m: {} for m in modules}  # module -> {imported module -> first file:line}
for path in sorted(src.rglob("*.rs")):
    rel = path.relative_to(src)
    module = rel.parts[0].removesuffix(".rs")
    if module not in modules:
        continue
    code = "\n".join(re.sub(r"//.*", "", line) for line in path.read_text().splitlines())
    refs = []
    for m in re.finditer(r"\bcrate::\{", code):
        depth, i = 1, m.end()
        while depth and i < len(code):
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            i += 1
        refs += [(m.start(), n) for n in top_names(code[m.end() : i - 1])]
    refs += [(m.start(), m.group(1)) for m in re.finditer(r"\bcrate::(\w+)", code)]
    for pos, name in refs:
        if name in modules and name != module:
            where = f"{rel}:{code.count(chr(10), 0, pos) + 1}"
            edges[module].setdefault(name, where)

index, low, stack, on, sccs = {}, {}, [], set(), []


def visit(v):
    """Tarjan's strongly connected components."""
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        scc = []
        while scc[-1:] != [v]:
            scc.append(stack.pop())
            on.discard(scc[-1])
        sccs.append(sorted(scc))


for v in sorted(edges):
    if v not in index:
        visit(v)
circles = sorted(s for s in sccs if len(s) > 1)
for s in circles:
    print(" <-> ".join(s))
    for a in s:
        for b, where in sorted(edges[a].items()):
            if b in s:
                print(f"    {a} -> {b}  ({where})")
if "audit" in modules:
    for a in sorted(edges):
        if "audit" in edges[a]:
            print(f"{a} imports audit ({edges[a]['audit']}): nothing may import the pipeline")
            circles.append([a])
if not circles:
    print("no module circles")
sys.exit(1 if circles else 0)
