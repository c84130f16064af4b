"""Deviations seen in real specs whose intent is clear: rewrite them in the loaded data (never
in the user's files) and say so with a located warning. ``--strict`` turns these into errors.

Each fixup is a small function over one kind of node; ``apply_fixups`` walks the document once.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostic, Diagnostics, Location, SpecError
from ..load import Document, join
from ..load.shapes import as_dict

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def check_version(doc: Document) -> str:
    """Return "3.0" or "3.1", or raise SpecError for anything we cannot read."""
    data = doc.data
    name = doc.root.name

    def fail(message: str, pointer: str = "") -> SpecError:
        line, col = doc.locate(name, pointer) if pointer else (1, 1)
        return SpecError([Diagnostic("error", "version", message, Location(name, line, col, pointer))])

    if data is None or data == {} or data == "":
        raise fail("empty document: expected an OpenAPI 3.0 or 3.1 object")
    if not isinstance(data, dict):
        raise fail(f"expected an OpenAPI object at the top level, found {type(data).__name__}")
    if "swagger" in data:
        raise fail(
            f"Swagger {data.get('swagger')} is not supported: convert it to OpenAPI 3 first "
            "(e.g. with swagger2openapi or the Swagger Editor's converter)",
            "/swagger",
        )
    version = data.get("openapi")
    if version is None:
        raise fail("not an OpenAPI document: the top-level 'openapi' field is missing")
    text = str(version)
    if text.startswith("3.0"):
        return "3.0"
    if text.startswith("3.1"):
        return "3.1"
    raise fail(f"unsupported OpenAPI version {text!r}: sdkgen reads 3.0.x and 3.1.x", "/openapi")


class _Fixer:
    def __init__(self, doc: Document, diagnostics: Diagnostics, version: str) -> None:
        self.doc = doc
        self.diag = diagnostics
        self.version = version

    def warn(self, code: str, message: str, file: str, pointer: str) -> None:
        self.diag.warning(code, message, file, pointer)

    # -- schemas ---------------------------------------------------------------------
    def schema(self, node: dict[str, Any], file: str, ptr: str) -> None:
        disc = node.get("discriminator")
        if isinstance(disc, dict) and isinstance(disc.get("mapping"), dict):
            for value, target in list(disc["mapping"].items()):
                if isinstance(target, dict) and isinstance(target.get("$ref"), str):
                    disc["mapping"][value] = target["$ref"]
                    self.doc.fixed.add((file, join(ptr, "discriminator")))
                    self.warn(
                        "discriminator-mapping-ref",
                        f"discriminator mapping value for {value!r} is a {{$ref: ...}} object; "
                        f"OpenAPI wants the plain string {target['$ref']!r} (read it that way)",
                        file,
                        join(ptr, "discriminator", "mapping", value),
                    )
        if self.version == "3.0" and "const" in node:
            const = node.pop("const")
            node.setdefault("enum", [const])
            self.warn(
                "const-in-3.0",
                f"'const' is OpenAPI 3.1; in this 3.0 document it is read as enum: [{const!r}]",
                file,
                join(ptr, "const"),
            )
        if node.get("type") == "string" and "default" in node and isinstance(node["default"], (int, float)) and not isinstance(node["default"], bool):
            node["default"] = str(node["default"])
            self.warn("default-type", f"default {node['default']} of a string schema is a number; read as the string {node['default']!r}", file, join(ptr, "default"))
        required = node.get("required")
        if "required" in node and not (isinstance(required, list) and all(isinstance(r, str) for r in required)):
            if isinstance(required, list):
                node["required"] = [r for r in required if isinstance(r, str)]
            else:
                del node["required"]
            self.warn(
                "schema-required-invalid",
                f"schema 'required' must be a list of property names, found {required!r}; ignored",
                file,
                join(ptr, "required"),
            )

    def parameter(self, node: dict[str, Any], file: str, ptr: str) -> None:
        if node.get("type") == "string" and "default" in node and isinstance(node["default"], (int, float)) and not isinstance(node["default"], bool):
            node["default"] = str(node["default"])
            self.warn("default-type", f"default {node['default']} of a string schema is a number; read as the string {node['default']!r}", file, join(ptr, "default"))
        required = node.get("required")
        if "required" in node and not isinstance(required, bool):
            value = str(required).strip().lower() in ("true", "yes", "1", "required")
            node["required"] = value
            self.warn(
                "parameter-required-invalid",
                f"parameter 'required' must be true or false, found {required!r}; read as {str(value).lower()}",
                file,
                join(ptr, "required"),
            )

    def server(self, node: dict[str, Any], file: str, ptr: str) -> None:
        for name, var in as_dict(node.get("variables")).items():
            if not isinstance(var, dict):
                continue
            enum = var.get("enum")
            if isinstance(enum, list) and any(not isinstance(v, str) for v in enum):
                var["enum"] = [str(v) for v in enum]
                self.warn(
                    "server-variable-enum-type",
                    f"server variable {name!r} has non-string enum values {enum!r}; read as strings",
                    file,
                    join(ptr, "variables", name, "enum"),
                )
            if "default" in var and not isinstance(var["default"], str):
                default = var["default"]
                var["default"] = str(default)
                # Fix: this rewrite was silent; every fixup says what it did, where.
                self.warn(
                    "server-variable-default-type",
                    f"server variable {name!r} has a non-string default {default!r}; read as {var['default']!r}",
                    file,
                    join(ptr, "variables", name, "default"),
                )

    def operation(self, node: dict[str, Any], file: str, ptr: str) -> None:
        if "title" in node:
            node.pop("title")
            self.warn(
                "operation-title",
                "operations have no 'title' field (use 'summary'); ignored",
                file,
                join(ptr, "title"),
            )

    # -- walk ------------------------------------------------------------------------
    def run(self) -> None:
        for file, src in list(self.doc.files.items()):
            self.walk(src.data, file)

    def walk(self, root: Any, file: str) -> None:
        # Iterative: a document may be nested thousands deep.
        stack: list[tuple[Any, str, str]] = [(root, "", "root")]
        while stack:
            node, ptr, kind = stack.pop()
            if not isinstance(node, dict):
                if isinstance(node, list):
                    for i, item in enumerate(node):
                        stack.append((item, f"{ptr}/{i}", kind if kind in ("schema-list", "param-list", "server-list") else "any"))
                continue
            if kind == "schema" or kind == "schema-list":
                self.schema(node, file, ptr)
            elif kind in ("param-list", "param"):
                self.parameter(node, file, ptr)
            elif kind == "server-list":
                self.server(node, file, ptr)
            elif kind == "pathitem":
                if not node:
                    self.warn("empty-path-item", "path item has no operations; skipped", file, ptr)
                for method in HTTP_METHODS:
                    if isinstance(node.get(method), dict):
                        self.operation(node[method], file, join(ptr, method))
            for key, value in node.items():
                if not isinstance(value, (dict, list)):
                    continue
                child = join(ptr, key)
                stack.append((value, child, self.child_kind(kind, key, ptr)))

    @staticmethod
    def child_kind(kind: str, key: str, ptr: str) -> str:
        if kind in ("schema", "schema-list"):
            if key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"):
                return "schema-map"
            if key in ("allOf", "oneOf", "anyOf", "prefixItems"):
                return "schema-list"
            if key in ("items", "not", "additionalProperties", "contains", "if", "then", "else", "propertyNames", "unevaluatedProperties"):
                return "schema"
            return "any"
        if kind == "schema-map":
            return "schema"
        if key == "schema":
            return "schema"
        if key == "schemas" and ptr.endswith("/components"):
            return "schema-map"
        if key == "parameters":
            return "param-list" if kind != "components" else "param-map"
        if kind == "param-map":
            return "param"
        if key == "servers":
            return "server-list"
        if kind == "root" and key == "paths":
            return "paths"
        if kind == "root" and key == "components":
            return "components"
        if kind == "root" and key == "webhooks":
            return "paths"
        if kind == "paths":
            return "pathitem"
        return "any"


def apply_fixups(doc: Document, diagnostics: Diagnostics, version: str) -> None:
    fixer = _Fixer(doc, diagnostics, version)
    fixer.run()
