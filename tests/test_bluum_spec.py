"""Static checks of the two-file Bluum spec in specs/bluum (no Prism needed).

Every operation must have an operationId, one declared tag, a summary and a
description, and realistic examples on its request bodies and 2xx responses that
validate against their schemas. `$ref`s are resolved across the two files by the
small resolver below, which is also used by test_bluum_prism.py.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

import pytest
import yaml
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30Validator

REPO = Path(__file__).resolve().parents[1]
SPEC_DIR = REPO / "specs" / "bluum"
MAIN = "openapi.yaml"
SHARED = "shared-schemas.yaml"
SEED = REPO / "specs" / "bluum-seed" / "openapi.yaml"

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Operations gated behind an add-on product (legacy 403 PRODUCT_NOT_ENABLED body).
GATED_TAGS = {"Market Data", "Cash Management"}
# List operations whose paging is not limit/offset (facts sheet §4).
NON_OFFSET_LISTS = {"listDocuments", "listCashSweepInterest"}


# ---------------------------------------------------------------------------
# Loading and $ref resolution across the two files
# ---------------------------------------------------------------------------


@lru_cache(maxsize=None)
def load(name: str, spec_dir: Path = SPEC_DIR) -> dict:
    with open(spec_dir / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def split_ref(ref: str, base: str) -> tuple[str, str]:
    """`shared-schemas.yaml#/a/b` or `#/a/b` (relative to `base`) -> (file, pointer)."""
    file_part, _, pointer = ref.partition("#")
    return (file_part or base), pointer


def lookup(doc_name: str, pointer: str) -> Any:
    node: Any = load(doc_name)
    for raw in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
        key = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def deref(node: Any, base: str) -> tuple[Any, str]:
    """Follow a chain of `$ref`s; return the target node and the file it lives in."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        target = split_ref(node["$ref"], base)
        if target in seen:
            raise ValueError(f"$ref cycle at {node['$ref']}")
        seen.add(target)
        base = target[0]
        node = lookup(*target)
    return node, base


def inline_schema(schema: Any, base: str, _stack: tuple = ()) -> Any:
    """Return `schema` with every `$ref` inlined, ready for a validator.

    - `discriminator` is dropped: `oneOf` already decides, and the seed's
      `mapping: {x: {$ref: ...}}` form is not something validators understand.

    `nullable` is left to OAS30Validator, which applies the OpenAPI 3.0.3 rules (the
    same ones Prism applies): `nullable: true` admits null only next to a `type` in
    the same schema object, and an `enum` must list `null` itself.
    """
    if isinstance(schema, list):
        return [inline_schema(item, base, _stack) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target = split_ref(schema["$ref"], base)
        if target in _stack:
            raise ValueError(f"recursive schema at {schema['$ref']}")
        return inline_schema(lookup(*target), target[0], _stack + (target,))
    out: dict = {}
    for key, value in schema.items():
        if key == "discriminator":
            continue
        if key in ("example", "examples", "default", "enum"):
            out[key] = copy.deepcopy(value)
        elif key == "properties":
            out[key] = {name: inline_schema(sub, base, _stack) for name, sub in value.items()}
        else:
            out[key] = inline_schema(value, base, _stack)
    return out


FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time")
def _is_date_time(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
        return False
    dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    dt.date.fromisoformat(value)
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


@FORMATS.checks("email")
def _is_email(value: Any) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value))


@FORMATS.checks("uri")
def _is_uri(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return bool(parts.scheme and parts.netloc)


@FORMATS.checks("uuid", raises=ValueError)
def _is_uuid(value: Any) -> bool:
    return not isinstance(value, str) or bool(uuid.UUID(value))


@FORMATS.checks("decimal")
def _is_decimal(value: Any) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"-?\d+(\.\d+)?", value))


@FORMATS.checks("binary")
def _is_binary(value: Any) -> bool:
    # Examples carry a text placeholder for file contents.
    return isinstance(value, (str, bytes))


def validation_errors(instance: Any, schema: Any, base: str = MAIN) -> list[str]:
    """Validation errors of `instance` against the (possibly `$ref`) schema `schema`."""
    resolved = inline_schema(schema, base)
    validator = OAS30Validator(resolved, format_checker=FORMATS)
    return [
        f"{'/'.join(map(str, err.absolute_path)) or '<root>'}: {err.message}"
        for err in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    ]


# ---------------------------------------------------------------------------
# Walking the operations
# ---------------------------------------------------------------------------


def iter_operations() -> Iterator[tuple[str, str, dict]]:
    for path, item in load(MAIN)["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def operation_ids() -> list[str]:
    return [op.get("operationId", f"{method.upper()} {path}") for path, method, op in iter_operations()]


def operation(op_id: str) -> tuple[str, str, dict]:
    for path, method, op in iter_operations():
        if op.get("operationId", f"{method.upper()} {path}") == op_id:
            return path, method, op
    raise KeyError(op_id)


def parameters(path: str, method: str) -> list[dict]:
    """The resolved parameters of an operation (path-level ones first, overridden by op-level)."""
    item = load(MAIN)["paths"][path]
    merged: dict[tuple[str, str], dict] = {}
    for raw in item.get("parameters", []) + item[method].get("parameters", []):
        param, param_base = deref(raw, MAIN)
        merged[(param["in"], param["name"])] = dict(param, _base=param_base)
    return list(merged.values())


def media_examples(media: dict) -> list[tuple[str, Any]]:
    """(label, value) of every example of a media-type object (`example` or `examples`)."""
    found = []
    if "example" in media:
        found.append(("example", media["example"]))
    for name, ex in (media.get("examples") or {}).items():
        ex, _ = deref(ex, MAIN)
        found.append((name, ex["value"]))
    return found


def success_responses(op: dict) -> list[tuple[str, dict, str]]:
    out = []
    for status, resp in op["responses"].items():
        if str(status).startswith("2"):
            resolved, base = deref(resp, MAIN)
            out.append((str(status), resolved, base))
    return out


def response_schema_name(op: dict) -> str | None:
    for _, resp, _ in success_responses(op):
        schema = resp.get("content", {}).get("application/json", {}).get("schema", {})
        if "$ref" in schema:
            return schema["$ref"].rsplit("/", 1)[-1]
    return None


OPERATION_IDS = operation_ids()
BODY_OPERATION_IDS = [op_id for op_id in OPERATION_IDS if "requestBody" in operation(op_id)[2]]
OFFSET_LIST_OPERATION_IDS = [
    op_id
    for op_id in OPERATION_IDS
    if operation(op_id)[1] == "get"
    and (response_schema_name(operation(op_id)[2]) or "").endswith("List")
    and op_id not in NON_OFFSET_LISTS
]


# ---------------------------------------------------------------------------
# Whole-document checks
# ---------------------------------------------------------------------------


def test_files_load_and_declare_openapi_3_0():
    main, shared = load(MAIN), load(SHARED)
    assert str(main["openapi"]).startswith("3.0.")
    assert str(shared["openapi"]).startswith("3.0.")
    for name in ("ResourceEnvelope", "ListEnvelope", "ErrorEnvelope", "ProductNotEnabledError"):
        assert name in shared["components"]["schemas"], name
    for name in ("Limit", "Offset", "IdempotencyKeyRequired", "IdempotencyKeyOptional"):
        assert name in shared["components"]["parameters"], name


def test_operation_count():
    assert len(OPERATION_IDS) == 76


def test_operation_ids_are_unique_camel_case():
    assert len(OPERATION_IDS) == len(set(OPERATION_IDS))
    for op_id in OPERATION_IDS:
        assert re.fullmatch(r"[a-z]+[A-Za-z0-9]*", op_id), op_id


def _walk_refs(node: Any, base: str) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _walk_refs(value, base)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_refs(item, base)


@pytest.mark.parametrize("doc", [MAIN, SHARED])
def test_every_ref_resolves(doc):
    for ref in _walk_refs(load(doc), doc):
        file_name, pointer = split_ref(ref, doc)
        assert file_name in (MAIN, SHARED), ref
        lookup(file_name, pointer)  # raises KeyError if dangling


def test_cross_file_refs_are_relative():
    refs = list(_walk_refs(load(MAIN), MAIN))
    shared_refs = [r for r in refs if not r.startswith("#")]
    assert shared_refs, "openapi.yaml should use shared-schemas.yaml"
    assert all(r.startswith("shared-schemas.yaml#/components/") for r in shared_refs), shared_refs


def test_spec_validates_apart_from_the_ref_object_mapping(tmp_path):
    """openapi-spec-validator rejects only the seed's `{$ref}` mapping values."""
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    main = copy.deepcopy(load(MAIN))
    mapping = main["components"]["schemas"]["ConnectFundingSourceRequest"]["discriminator"]["mapping"]
    assert all(isinstance(v, dict) and set(v) == {"$ref"} for v in mapping.values())
    for key, value in mapping.items():
        mapping[key] = value["$ref"]
    (tmp_path / MAIN).write_text(yaml.safe_dump(main, sort_keys=False), encoding="utf-8")
    (tmp_path / SHARED).write_text((SPEC_DIR / SHARED).read_text(encoding="utf-8"), encoding="utf-8")
    for name in (MAIN, SHARED):
        spec, base_uri = read_from_filename(str(tmp_path / name))
        validate(spec, base_uri=base_uri)


def test_servers_security_and_tags_follow_the_seed():
    main, seed = load(MAIN), yaml.safe_load(SEED.read_text(encoding="utf-8"))
    assert main["servers"] == seed["servers"]
    assert main["security"] == seed["security"]
    assert main["tags"] == seed["tags"]
    schemes = main["components"]["securitySchemes"]
    assert schemes["BluumApiKeyAuth"] == seed["components"]["securitySchemes"]["BluumApiKeyAuth"]
    assert schemes["BearerAuth"] == seed["components"]["securitySchemes"]["BearerAuth"]


def test_shared_error_responses():
    responses = load(SHARED)["components"]["responses"]
    expected = {
        "BadRequest": "invalid_request_error",
        "Unauthorized": "authentication_error",
        "Forbidden": "permission_error",
        "NotFound": "not_found_error",
        "Conflict": "conflict_error",
        "UnprocessableEntity": "invalid_request_error",
        "RateLimited": "rate_limit_error",
        "InternalError": "api_error",
    }
    for name, error_type in expected.items():
        media = responses[name]["content"]["application/json"]
        assert media["schema"] == {"$ref": "#/components/schemas/ErrorEnvelope"}, name
        assert media["example"]["error"]["type"] == error_type, name
        assert validation_errors(media["example"], media["schema"], SHARED) == [], name
    assert "Retry-After" in responses["RateLimited"]["headers"]
    legacy = responses["ProductNotEnabled"]["content"]["application/json"]
    assert legacy["schema"] == {"$ref": "#/components/schemas/ProductNotEnabledError"}
    assert legacy["example"]["code"] == "PRODUCT_NOT_ENABLED"
    assert validation_errors(legacy["example"], legacy["schema"], SHARED) == []
    body = load(SHARED)["components"]["schemas"]["ProductNotEnabledError"]["properties"]
    assert body["code"]["enum"] == ["PRODUCT_NOT_ENABLED"]
    assert body["status"]["enum"] == ["error"]


def test_resources_name_their_object_value():
    """Envelope-wrapped resources describe their `object` value (FundingSource is kept as seeded)."""
    schemas = load(MAIN)["components"]["schemas"]
    for name, schema in schemas.items():
        parts = schema.get("allOf", [])
        if not parts or parts[0].get("$ref", "").rsplit("/", 1)[-1] != "ResourceEnvelope":
            continue
        if name == "FundingSource":
            continue
        props = {}
        for part in parts[1:]:
            props.update(part.get("properties", {}))
        assert "object" in props, name
        assert re.search(r"`[a-z_]+`", props["object"].get("description", "")), name


def test_list_schemas_wrap_list_envelope():
    schemas = load(MAIN)["components"]["schemas"]
    for name, schema in schemas.items():
        if not name.endswith("List") or name == "DocumentList":
            continue
        parts = schema["allOf"]
        assert parts[0] == {"$ref": "shared-schemas.yaml#/components/schemas/ListEnvelope"}, name
        assert parts[1]["properties"]["data"]["type"] == "array", name


def test_decimal_fields_are_strings():
    def walk(node):
        if isinstance(node, dict):
            if node.get("format") == "decimal":
                assert node.get("type") == "string", node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(load(MAIN))
    walk(load(SHARED))


# ---------------------------------------------------------------------------
# Per-operation checks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_operation_metadata(op_id):
    path, method, op = operation(op_id)
    declared = {tag["name"] for tag in load(MAIN)["tags"]}
    assert "operationId" in op, f"{method.upper()} {path} has no operationId"
    assert len(op.get("tags", [])) == 1, f"{op_id}: needs exactly one tag"
    assert op["tags"][0] in declared, f"{op_id}: tag {op['tags'][0]!r} is not declared"
    assert op.get("summary", "").strip(), f"{op_id}: no summary"
    assert op.get("description", "").strip(), f"{op_id}: no description"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_parameters_have_valid_examples(op_id):
    path, method, _ = operation(op_id)
    for param in parameters(path, method):
        label = f"{op_id}: {param['in']} parameter {param['name']}"
        assert "example" in param or "example" in param.get("schema", {}), f"{label} has no example"
        example = param.get("example", param.get("schema", {}).get("example"))
        assert validation_errors(example, param["schema"], param["_base"]) == [], label
        if param["in"] == "path":
            assert param.get("required") is True, label
            assert "{" + param["name"] + "}" in path, label
    templated = set(re.findall(r"{([^}]+)}", path))
    declared = {p["name"] for p in parameters(path, method) if p["in"] == "path"}
    assert templated == declared, f"{op_id}: path params {templated} vs declared {declared}"


@pytest.mark.parametrize("op_id", BODY_OPERATION_IDS)
def test_request_body_examples_are_valid(op_id):
    _, _, op = operation(op_id)
    body, base = deref(op["requestBody"], MAIN)
    assert body.get("content"), f"{op_id}: request body without content"
    for media_type, media in body["content"].items():
        examples = media_examples(media)
        assert examples, f"{op_id}: {media_type} request body has no example"
        for label, value in examples:
            errors = validation_errors(value, media["schema"], base)
            assert errors == [], f"{op_id} request example {label!r}: {errors}"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_success_response_examples_are_valid(op_id):
    _, _, op = operation(op_id)
    successes = success_responses(op)
    assert successes, f"{op_id}: no 2xx response"
    for status, resp, base in successes:
        for media_type, media in (resp.get("content") or {}).items():
            examples = media_examples(media)
            assert examples, f"{op_id}: {status} {media_type} response has no example"
            for label, value in examples:
                errors = validation_errors(value, media["schema"], base)
                assert errors == [], f"{op_id} {status} example {label!r}: {errors}"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_error_responses(op_id):
    path, method, op = operation(op_id)
    responses = op["responses"]
    shared = "shared-schemas.yaml#/components/responses/"
    needed = {"400": "BadRequest", "404": "NotFound", "429": "RateLimited", "500": "InternalError"}
    if op.get("security", load(MAIN)["security"]):
        needed["401"] = "Unauthorized"
    if method == "post" and "201" in responses:
        needed["409"] = "Conflict"
    if op["tags"][0] in GATED_TAGS:
        needed["403"] = "ProductNotEnabled"
    for status, name in needed.items():
        assert responses.get(status) == {"$ref": shared + name}, f"{op_id}: {status} should be {name}"
    for status, resp in responses.items():
        if not str(status).startswith("2"):
            assert "$ref" in resp, f"{op_id}: {status} should use a shared response"
    if op["tags"][0] not in GATED_TAGS:
        assert responses.get("403", {}).get("$ref") != shared + "ProductNotEnabled", op_id


def test_list_operation_count():
    assert len(OFFSET_LIST_OPERATION_IDS) == 19
    assert len(BODY_OPERATION_IDS) == 20


@pytest.mark.parametrize("op_id", OFFSET_LIST_OPERATION_IDS)
def test_list_operations_page_with_limit_and_offset(op_id):
    _, _, op = operation(op_id)
    refs = [raw.get("$ref") for raw in op.get("parameters", [])]
    assert "shared-schemas.yaml#/components/parameters/Limit" in refs, op_id
    assert "shared-schemas.yaml#/components/parameters/Offset" in refs, op_id


def test_cursor_paged_lists_use_their_own_parameters():
    names = lambda op_id: {p["name"] for p in parameters(*operation(op_id)[:2])}  # noqa: E731
    assert {"limit", "starting_after"} <= names("listDocuments")
    assert "offset" not in names("listDocuments")
    assert {"page_size", "page_token"} <= names("listCashSweepInterest")
    for op_id in ("getMarketDataQuoteHistory", "getAssetQuoteHistory"):
        assert "page_token" in names(op_id)
        assert "offset" not in names(op_id)


@pytest.mark.parametrize(
    "op_id, required",
    [
        ("createDeposit", True),
        ("createWithdrawal", True),
        ("createOrder", False),
        ("createInvestor", False),
    ],
)
def test_idempotency_key_header(op_id, required):
    path, method, _ = operation(op_id)
    headers = [p for p in parameters(path, method) if p["in"] == "header" and p["name"] == "Idempotency-Key"]
    assert len(headers) == 1, op_id
    assert headers[0].get("required", False) is required, op_id


def test_public_disclosure_endpoints_need_no_auth():
    for op_id in ("listDisclosures", "getDisclosure"):
        assert operation(op_id)[2].get("security") == [], op_id
    secured = [op_id for op_id in OPERATION_IDS if operation(op_id)[2].get("security") == []]
    assert sorted(secured) == ["getDisclosure", "listDisclosures"]


def test_upload_document_is_multipart():
    body = operation("uploadDocument")[2]["requestBody"]
    assert list(body["content"]) == ["multipart/form-data"]
    schema = inline_schema(body["content"]["multipart/form-data"]["schema"], MAIN)
    assert schema["properties"]["document"] == {
        "type": "string",
        "format": "binary",
        "description": schema["properties"]["document"]["description"],
    }
    assert "document" in schema["required"]


# ---------------------------------------------------------------------------
# The seeded operation: connect a funding source
# ---------------------------------------------------------------------------


def _schema_name(ref_node: dict) -> str:
    return ref_node["$ref"].rsplit("/", 1)[-1]


def test_connect_operation_matches_the_seed():
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    path = "/investors/{investor_id}/funding-sources/connect"
    seed_op = seed["paths"][path]["post"]
    path_now, method, op = operation("connectFundingSource")
    assert (path_now, method) == (path, "post")
    assert op["operationId"] == seed_op["operationId"] == "connectFundingSource"
    assert op["tags"] == seed_op["tags"]
    assert op["parameters"] == seed_op["parameters"]

    # Request body: same schema, same examples.
    assert op["requestBody"] == seed_op["requestBody"]

    # Request schema: oneOf of the same named schemas, discriminator with $ref-object mapping.
    ours = load(MAIN)["components"]["schemas"]
    theirs = seed["components"]["schemas"]
    for name in ("ConnectFundingSourceRequest", "ConnectPlaidRequest", "ConnectManualRequest"):
        assert ours[name] == theirs[name], name
    mapping = ours["ConnectFundingSourceRequest"]["discriminator"]["mapping"]
    assert mapping == {
        "plaid": {"$ref": "#/components/schemas/ConnectPlaidRequest"},
        "manual": {"$ref": "#/components/schemas/ConnectManualRequest"},
    }

    # FundingSource: identical except that the envelope now lives in shared-schemas.yaml.
    seeded_fs = copy.deepcopy(theirs["FundingSource"])
    seeded_fs["allOf"][0] = {"$ref": "shared-schemas.yaml#/components/schemas/ResourceEnvelope"}
    assert ours["FundingSource"] == seeded_fs

    # 201: oneOf [FundingSource, allOf [ListEnvelope, {data: [FundingSource]}]].
    ours_201 = op["responses"]["201"]["content"]["application/json"]["schema"]
    seed_201 = seed_op["responses"]["201"]["content"]["application/json"]["schema"]
    assert [sorted(branch) for branch in ours_201["oneOf"]] == [sorted(b) for b in seed_201["oneOf"]]
    assert _schema_name(ours_201["oneOf"][0]) == _schema_name(seed_201["oneOf"][0]) == "FundingSource"
    list_branch, seed_list_branch = ours_201["oneOf"][1]["allOf"], seed_201["oneOf"][1]["allOf"]
    assert _schema_name(list_branch[0]) == _schema_name(seed_list_branch[0]) == "ListEnvelope"
    assert list_branch[1] == seed_list_branch[1]
    assert set(op["responses"]) >= set(seed_op["responses"])


def test_connect_examples_pick_one_branch_each():
    """The plaid example is a list, the manual one a single funding source."""
    _, _, op = operation("connectFundingSource")
    media = op["responses"]["201"]["content"]["application/json"]
    branches = media["schema"]["oneOf"]
    for label, value in media_examples(media):
        matching = [i for i, branch in enumerate(branches) if not validation_errors(value, branch)]
        assert len(matching) == 1, (label, matching)


def test_nullable_follows_openapi_3_0_3():
    """`nullable` sits next to a `type`, and nullable enums list `null` (seeded FundingSource aside)."""
    problems = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("nullable") is True:
                if "type" not in node:
                    problems.append(f"{where}: nullable without type")
                if "enum" in node and None not in node["enum"] and "FundingSource" not in where:
                    problems.append(f"{where}: nullable enum without null")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{where}/{index}")

    walk(load(MAIN), MAIN)
    walk(load(SHARED), SHARED)
    assert problems == []
