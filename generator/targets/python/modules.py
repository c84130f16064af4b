"""Which module each model lives in.

One module per schema keeps ``import pkg.types.x`` cheap for huge APIs. A module imports at run
time only what its code needs then (base classes, aliases, enums: ``runtime_deps``); schemas
that need each other that way in a cycle share one module (strongly connected components), so
those imports are acyclic and plain.
"""

from __future__ import annotations

from ...ir import Api, EnumSchema, ObjectSchema, Schema, UnionSchema, AliasSchema
from .naming import module_name
from .types import references


def schema_deps(s: Schema) -> set[str]:
    deps: set[str] = set()
    if isinstance(s, ObjectSchema):
        for p in s.properties:
            deps |= references(p.type)
        deps |= references(s.extra)
        if s.base:
            deps.add(s.base)
    elif isinstance(s, UnionSchema):
        for v in s.variants:
            deps |= references(v)
    elif isinstance(s, AliasSchema):
        deps |= references(s.target)
    elif isinstance(s, EnumSchema):
        pass
    deps.discard(s.name)
    return deps


def runtime_deps(s: Schema, api: Api) -> set[str]:
    """The schemas whose classes ``s``'s module needs while it runs: its base class and the
    aliases and enums it uses. Other models it merely mentions are imported for type checkers
    only (see ``lazy_model`` in the runtime), so reference cycles through models tie no modules
    together and importing one model does not import everything reachable from it."""
    deps = {d for d in schema_deps(s) if not is_model(api, d)}
    if isinstance(s, ObjectSchema) and s.base:
        deps.add(s.base)
    return deps


def is_model(api: Api, name: str) -> bool:
    """Is ``name`` a model class (not an alias or enum)?"""
    try:
        return isinstance(api.schema(name), ObjectSchema)
    except KeyError:
        return False


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (specs can have long reference chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp.append(member)
                    if member == node:
                        break
                out.append(sorted(comp))
    return out


def plan_modules(api: Api) -> tuple[dict[str, str], dict[str, list[str]], dict[str, set[str]]]:
    """Returns (schema name → module, module → its schemas in definition order,
    schema name → dependencies)."""
    deps = {s.name: schema_deps(s) for s in api.schemas}
    module_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    taken: set[str] = {"__init__"}
    for comp in strongly_connected({s.name: runtime_deps(s, api) for s in api.schemas}):
        mod = module_name(comp[0])
        while mod in taken:
            mod += "_"
        taken.add(mod)
        members[mod] = order_within(comp, deps, api)
        for name in comp:
            module_of[name] = mod
    return module_of, members, deps


def order_within(comp: list[str], deps: dict[str, set[str]], api: Api) -> list[str]:
    """Classes first (their annotations are lazy), bases before subclasses; then aliases
    (evaluated at import), each after the aliases it uses."""
    classes = [n for n in comp if isinstance(api.schema(n), ObjectSchema)]
    aliases = [n for n in comp if n not in classes]
    ordered: list[str] = []

    def visit(name: str, pool: list[str], seen: set[str], edge: str) -> None:
        if name in seen:
            return
        seen.add(name)
        s = api.schema(name)
        wanted = [s.base] if edge == "base" and isinstance(s, ObjectSchema) and s.base else sorted(deps[name])
        for d in wanted:
            if d in pool:
                visit(d, pool, seen, edge)
        ordered.append(name)

    seen: set[str] = set()
    for n in sorted(classes):
        visit(n, classes, seen, "base")
    for n in sorted(aliases):
        visit(n, aliases, seen, "alias")
    return ordered
