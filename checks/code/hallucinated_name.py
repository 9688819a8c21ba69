"""hallucinated-name: ``from X import Y`` (or ``import X.Y``) where X is a real module (standard
library or installed) that defines no Y, read statically from its source or stubs (names.py)."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from aislop.checks.code import imports, names
from aislop.checks.code.facts import FileFacts, Hit, ImportRec
from aislop.checks.code.rules import HALLUCINATED_NAME
from aislop.registry import Context

RULES = (HALLUCINATED_NAME,)


def findings(facts: FileFacts, ctx: Context) -> Iterator[Hit]:
    if not facts.imports:
        return
    project = ctx.project
    local = project.memo("code.local-names", lambda: imports.local_names(project.root, list(project.files)))
    near = imports.folder_lister(project)
    seen: set[str] = set()
    for rec in facts.imports:
        top = rec.top
        stdlib = imports.is_stdlib(top)
        if rec.optional or top in local or not (stdlib or imports.is_installed(top)):
            continue
        if imports.on_disk_near(facts.doc.path, project.root, top, near):
            continue
        if not stdlib and imports.missing_submodule(rec.module):
            continue  # hallucinated-import reports the missing module
        parts = rec.module.split(".")
        readable = True
        for depth in range(1, len(parts)):  # import a.b.c / from a.b import x: a has b, a.b has c
            module, part = ".".join(parts[:depth]), parts[depth]
            verdict = names.defines(module, part)
            if verdict is False and f"{module}.{part}" not in seen:
                seen.add(f"{module}.{part}")
                yield _invented_name(rec, module, part, rec.node, stdlib)
            if not verdict or names.module_facts(f"{module}.{part}") is None:
                readable = False  # unknowable, missing, or a name bound in the module (os.path)
                break
        for name, node in rec.names if readable else ():
            if names.defines(rec.module, name) is False and f"{rec.module}.{name}" not in seen:
                seen.add(f"{rec.module}.{name}")
                yield _invented_name(rec, rec.module, name, node, stdlib)


def _invented_name(rec: ImportRec, module: str, name: str, node: cst.CSTNode, stdlib: bool) -> Hit:
    facts = names.module_facts(module)
    read = " and ".join(dict.fromkeys({"source": "its source", "stub": "its stubs"}[k] for k in facts.read)) if facts else ""
    owner = f"the standard-library module `{module}`" if stdlib else f"`{module}` ({imports.installed_version(rec.top)} installed here)"
    close = names.close_names(module, name)
    hint = f" Did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""
    return Hit(
        HALLUCINATED_NAME.name,
        node,
        f"`{name}` is not in {owner}: it defines no such name and has no such submodule "
        f"(read from {read or 'its files'}, never imported), so this import fails with ImportError.{hint}",
        fix=f"Use the name `{module}` really provides (see its documentation), or write the helper yourself.",
        matched=name,
    )
