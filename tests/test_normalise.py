"""Stage 3 — normalise: focused assertions on the IR, per construct family and on the Bluum seed.

The golden snapshots (test_ir_golden.py) catch any change; these say which behaviours matter.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

from generator.ir import (
    AliasSchema, AnyValue, ArrayOf, Const, EnumSchema, ErrorCode, MapOf, Named, Nullable, ObjectSchema,
    Primitive, UnionSchema,
)
from generator.ir.dump import dump_api
from generator.normalise.words import singular, strip_group_noun, words
from generator.pipeline import build_ir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "ir"
SEED = ROOT / "specs" / "bluum-seed" / "openapi.yaml"

STRING = Primitive("string")


@lru_cache(maxsize=None)
def ir(case: str):
    api, diagnostics = build_ir(FIXTURES / case / "openapi.yaml")
    return api


@lru_cache(maxsize=None)
def seed():
    return build_ir(SEED)


def props(schema: ObjectSchema, which: str = "all_properties") -> dict:
    return {p.name: p for p in getattr(schema, which)}


# -- allOf ----------------------------------------------------------------------------------


def test_allof_keeps_a_named_base_and_merges_the_rest():
    api = ir("allof-base")
    widget = api.schema("Widget")
    assert isinstance(widget, ObjectSchema) and widget.base == "ResourceEnvelope"
    assert [p.name for p in widget.all_properties] == ["id", "object", "created", "name", "color"]  # base first
    assert [p.name for p in widget.properties] == ["name", "color", "id"]  # own, then the tightened override
    assert widget.description == "A widget; extends the resource envelope."


def test_allof_required_tightening_of_an_inherited_property():
    api = ir("allof-base")
    base, widget, special = api.schema("ResourceEnvelope"), api.schema("Widget"), api.schema("SpecialWidget")
    assert props(base)["id"].required is False
    assert props(widget)["id"].required is True  # `required: [id, name]` next to the base
    assert props(widget)["id"].description == "Prefixed public id."  # the base's description is kept
    assert props(widget)["id"].type == STRING
    assert props(base)["created"].required is False and props(widget)["created"].required is False
    assert special.base == "Widget"
    assert props(special, "properties")["created"].required is True  # tightened two levels down
    assert props(special)["created"].type == Nullable(Primitive("integer"))
    assert props(special)["object"].required is True


def test_allof_list_type_narrowing_data_items_keeps_the_narrowing():
    api = ir("allof-base")
    lst, generic = api.schema("WidgetList"), api.schema("ListEnvelope")
    assert lst.base == "ListEnvelope"
    assert props(lst)["data"].type == ArrayOf(Named("Widget"))
    assert props(lst)["data"].required is True  # required in the base, narrowed in the subtype
    assert props(generic)["data"].type == ArrayOf(Named("ResourceEnvelope"))  # the base is untouched
    assert (lst.role, lst.list_item) == ("list", Named("Widget"))
    assert [p.name for p in lst.all_properties] == ["object", "has_more", "data"]


def test_allof_wrapping_one_named_schema_subclasses_it():
    api = ir("allof-base")
    described = api.schema("DescribedWidget")
    assert described.base == "Widget" and described.properties == ()
    assert described.all_properties == api.schema("Widget").all_properties
    assert described.description.startswith("A named schema that only wraps another")


def test_allof_of_two_named_schemas_extends_the_first_and_merges_the_second():
    api = ir("allof-base")
    ts = api.schema("TimestampedWidget")
    assert ts.base == "Widget"
    assert [p.name for p in ts.properties] == ["updated_at", "version"]
    assert props(ts)["updated_at"].type == Primitive("string", "date-time")


def test_a_shared_base_is_a_resource_envelope():
    api = ir("allof-base")
    assert api.schema("ResourceEnvelope").role == "resource"
    assert ("resource", "ResourceEnvelope") in api.envelopes


# -- discriminators ---------------------------------------------------------------------------


def test_discriminator_explicit_string_mapping():
    pet = ir("discriminator-explicit").schema("Pet")
    assert isinstance(pet, UnionSchema) and pet.combinator == "oneOf"
    assert pet.variants == (Named("Cat"), Named("Dog"), Named("Lizard"))
    d = pet.discriminator
    assert (d.property, d.origin, d.default) == ("pet_type", "explicit", None)
    # "#/components/..." and a bare schema name both work; a variant left out is mapped by its name
    assert d.mapping == (("Lizard", "Lizard"), ("cat", "Cat"), ("doggo", "Dog"))


def test_discriminator_mapping_given_as_ref_objects():
    api, diagnostics = build_ir(FIXTURES / "discriminator-ref-object" / "openapi.yaml")
    d = api.schema("ConnectRequest").discriminator
    assert (d.property, d.origin) == ("type", "ref-object")
    assert d.mapping == (("manual", "ConnectManual"), ("plaid", "ConnectPlaid"))
    warnings = [x for x in diagnostics.located() if x.code == "discriminator-mapping-ref"]
    assert [(w.level, w.location.line) for w in warnings] == [("warning", 15), ("warning", 17)]


def test_discriminator_without_mapping_uses_schema_names_as_written():
    d = ir("discriminator-implicit").schema("Shape").discriminator
    assert (d.property, d.origin) == ("shape_type", "implicit")
    assert d.mapping == (("Square", "Square"), ("circle", "Circle"))  # the wire value is the spec's name


def test_discriminator_inferred_from_enum_and_const_with_a_default():
    api = ir("discriminator-inferred")
    assert props(api.schema("Created"))["kind"].type == Const("created")  # enum: [created]
    assert props(api.schema("Deleted"))["kind"].type == Const("deleted")  # const (3.1)
    d = api.schema("Event").discriminator
    assert (d.property, d.origin) == ("kind", "inferred")
    assert d.mapping == (("created", "Created"), ("deleted", "Deleted"))
    assert d.default == "Unknown"  # the one variant that does not pin `kind`


def test_discriminator_inferred_resource_or_list():
    d = ir("discriminator-inferred").schema("ResourceOrList").discriminator
    assert (d.property, d.mapping, d.default, d.origin) == ("object", (("list", "ThingList"),), "Thing", "inferred")


def test_union_fallback_keeps_spec_order_and_no_discriminator():
    api = ir("union-fallback")
    assert api.schema("StringOrNumber").variants == (STRING, Primitive("integer"))
    contact = api.schema("Contact")
    assert contact.combinator == "anyOf" and contact.variants == (Named("EmailContact"), Named("PhoneContact"))
    for name in ("StringOrNumber", "Contact", "SameValue", "TwoUnpinned"):
        assert api.schema(name).discriminator is None, name
    assert api.schema("TwoUnpinned").variants == (Named("Alpha"), Named("EmailContact"), Named("PhoneContact"))


# -- enums, nullable, maps, formats -----------------------------------------------------------


def test_enums():
    api = ir("enums")
    status = api.schema("OrderStatus")
    assert isinstance(status, EnumSchema) and status.value_type == "string"
    assert [(v.value, v.description) for v in status.values] == [
        ("pending", "Waiting to be filled."), ("filled", "Done."), ("cancelled", "Cancelled by the user."),
    ]
    assert [v.value for v in api.schema("Priority").values] == [1, 2, 3] and api.schema("Priority").value_type == "integer"
    assert api.schema("Ratio").value_type == "number"
    assert api.schema("OrderUntyped").value_type == "integer"  # no `type`: taken from the values
    order = props(api.schema("Order"))
    assert order["status"].type == Named("OrderStatus")
    assert order["side"].type == Named("OrderSide")


def test_single_value_enum_is_a_const():
    api = ir("enums")
    order = props(api.schema("Order"))
    assert order["object"].type == Const("order")
    assert order["kind"].type == Const("list")  # a named single-value enum, through $ref
    assert "AlwaysList" not in {s.name for s in api.schemas}


def test_enum_with_null_is_nullable():
    api = ir("enums")
    order = props(api.schema("Order"))
    assert order["time_in_force"].type == Nullable(Named("OrderTimeInForce"))
    assert order["rating"].type == Nullable(Named("OrderRating"))  # null in the enum, no `nullable`
    assert [v.value for v in api.schema("OrderTimeInForce").values] == ["day", "gtc"]


def test_duplicate_enum_values_are_dropped(write_spec):
    path = write_spec("""\
        openapi: 3.0.3
        info: {title: x, version: '1'}
        paths: {}
        components:
          schemas:
            Side: {type: string, enum: [buy, sell, buy]}
        """)
    api, _ = build_ir(path)
    assert [v.value for v in api.schema("Side").values] == ["buy", "sell"]


@pytest.mark.parametrize("case", ["nullable-3.0", "nullable-3.1"])
def test_nullable(case):
    person = props(ir(case).schema("Person"))
    assert person["name"].type == STRING
    assert person["nickname"].type == Nullable(STRING) and person["nickname"].required is True
    assert person["age"].type in (Nullable(Primitive("integer")), Nullable(Primitive("integer", "int64")))
    assert person["address"].type == Nullable(Named("Address"))
    assert person["tags"].type == Nullable(ArrayOf(Nullable(STRING)))


def test_nullable_3_0_specifics():
    person = props(ir("nullable-3.0").schema("Person"))
    assert person["home"].type == Named("Address")
    assert person["maybe_address"].type == Nullable(Named("Address"))
    assert person["not_nullable"].type == STRING
    assert person["address"].description.startswith("allOf of one $ref")


def test_nullable_3_1_type_arrays():
    api = ir("nullable-3.1")
    person = props(api.schema("Person"))
    assert person["age"].type == Nullable(Primitive("integer", "int64"))
    assert person["id_or_number"].type == Named("PersonIdOrNumber")
    assert api.schema("PersonIdOrNumber").variants == (STRING, Primitive("integer"))
    assert person["id_or_number_or_null"].type == Nullable(Named("PersonIdOrNumberOrNull"))
    assert api.schema("PersonIdOrNumberOrNull").variants == (STRING, Primitive("integer"))


def test_maps():
    api = ir("maps")
    holder = props(api.schema("Holder"))
    assert holder["labels"].type == MapOf(STRING)
    assert holder["anything"].type == MapOf(AnyValue())  # additionalProperties: true
    assert holder["free_form"].type == MapOf(AnyValue())  # type: object, nothing else
    assert holder["nested"].type == MapOf(ArrayOf(Primitive("integer")))
    assert holder["of_models"].type == MapOf(Named("Item"))
    prices = api.schema("Prices")  # a named map stays a named model with typed extras
    assert isinstance(prices, ObjectSchema) and prices.properties == () and prices.extra == Primitive("number")
    assert api.schema("Closed").extra_allowed is False
    assert api.schema("OpenWithExtras").extra == Primitive("integer") and api.schema("OpenWithExtras").extra_allowed


def test_formats_defaults_examples_read_write_only_deprecated():
    api = ir("formats")
    account = api.schema("Account")
    p = props(account)
    assert account.example_json == '{"balance": "10.00", "id": "acc_1"}'
    assert p["id"].read_only and p["id"].example_json == '"acc_1"' and p["id"].required
    assert p["password"].write_only and p["password"].type == Primitive("string", "password")
    assert (p["password"].constraints.min_length, p["password"].constraints.max_length) == (8, 64)
    for name, fmt in [("created_at", "date-time"), ("birthday", "date"), ("balance", "decimal"), ("avatar", "binary"),
                      ("uid", "uuid"), ("homepage", "uri")]:
        assert p[name].type == Primitive("string", fmt), name
    assert p["created_at"].read_only
    assert p["birthday"].example_json == '"1990-01-31"'  # a date example stays a string
    assert p["count"].type == Primitive("integer", "int64") and p["count"].default_json == "10"
    assert (p["count"].constraints.minimum, p["count"].constraints.maximum) == (0, 100)
    assert p["ratio"].constraints.exclusive_minimum and p["ratio"].constraints.multiple_of == 0.5
    assert p["active"].default_json == "true"
    assert p["nickname"].deprecated and p["nickname"].default_json == '"anon"'
    assert p["tags"].default_json == '["general"]' and (p["tags"].constraints.min_items, p["tags"].constraints.max_items) == (1, 5)
    assert p["settings"].default_json == '{"theme": "dark"}'
    assert p["legacy_code"].deprecated and p["legacy_code"].description == "Old field."
    assert api.schema("OldThing").deprecated


# -- names for inline schemas ---------------------------------------------------------------


def test_inline_schemas_get_readable_names():
    api = ir("inline-names")
    fs = props(api.schema("FundingSource"))
    assert fs["payout"].type == Named("FundingSourcePayout")
    assert api.schema("FundingSourcePayout").variants == (Named("FundingSourcePayoutVariant1"), Named("FundingSourcePayoutVariant2"))
    assert fs["history"].type == ArrayOf(Named("FundingSourceHistoryItem"))
    op = api.operations[0]
    assert op.body.type == Named("CreateFundingSourceRequest")
    assert props(api.schema("CreateFundingSourceRequest"))["kind"].type == Named("CreateFundingSourceRequestKind")
    assert op.success.type == Named("CreateFundingSourceResponse")


def test_inline_name_collisions_get_deterministic_numbers():
    api = ir("inline-names")
    fs = props(api.schema("FundingSource"))
    # the component FundingSourceStatus owns the name; the inline enum gets the next one
    assert isinstance(api.schema("FundingSourceStatus"), EnumSchema)
    assert [v.value for v in api.schema("FundingSourceStatus").values] == ["x", "y"]
    assert fs["status"].type == Named("FundingSourceStatus2")
    # names collide case-insensitively (file systems): Fundingsourceowner is taken
    assert fs["owner"].type == Named("FundingSourceOwner2")
    assert props(api.schema("FundingSourceOwner2"))["address"].type == Named("FundingSourceOwner2Address")
    # and again, identically
    again, _ = build_ir(FIXTURES / "inline-names" / "openapi.yaml")
    assert dump_api(again) == dump_api(api)


def test_no_generic_inline_names_anywhere():
    names = [s.name for case in sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) for s in ir(case).schemas]
    names += [s.name for s in seed()[0].schemas]
    assert names
    bad = [n for n in names if re.match(r"^Inline|^Schema\d*$|Object\d+$|^AnonymousType", n)]
    assert bad == []


# -- references across files, cycles -----------------------------------------------------------


def test_cross_file_refs():
    api = ir("cross-file-refs")
    thing = api.schema("Thing")
    assert thing.source.file.endswith("shared.yaml") and thing.source.pointer == "/components/schemas/Thing"
    assert props(thing)["owner"].type == Named("Owner")
    assert props(thing)["price"].type == Named("Money")  # a whole-file schema is named after its file
    assert api.schema("Money").source.file.endswith(os.path.join("common", "money.yaml"))
    assert api.schema("Error").source.file.endswith("openapi.yaml")
    assert api.schema("Error2").source.file.endswith("shared.yaml")  # same name in another file
    odd = props(api.schema("Odd"))
    assert odd["slash"].type == Named("AB") and api.schema("AB").source.pointer == "/components/schemas/a~1b"
    assert odd["tilde"].type == Named("CD") and api.schema("CD").source.pointer == "/components/schemas/c~0d"
    assert odd["percent"].type == Named("WithSpace")  # `with%20space` is the schema `with space`, built once
    assert [s.name for s in api.schemas if "Space" in s.name] == ["WithSpace"]


def test_cross_file_path_item_and_operation_refs():
    api = ir("cross-file-refs")
    listing = api.operation("GET /things")  # the path item is a $ref into paths.yaml
    assert listing.source.file.endswith("paths.yaml") and listing.source.pointer == "/~1things/get"
    assert listing.success.type == ArrayOf(Named("Thing"))
    get = api.operation("GET /things/{thing_id}")  # the operation is a $ref
    assert get.source.pointer == "/operations/getThing" and get.operation_id == "getThing"
    assert [(p.name, p.location, p.required) for p in get.parameters] == [("thing_id", "path", True)]
    assert [(r.status, r.type) for r in get.errors] == [("404", Named("Error2"))]
    delete = api.operation("DELETE /things/{thing_id}")
    assert delete.source.file.endswith("openapi.yaml") and delete.parameters[0].name == "thing_id"


def test_recursive_schemas():
    api = ir("ref-cycles")
    node = props(api.schema("TreeNode"))
    assert node["parent"].type == Named("TreeNode") and node["children"].type == ArrayOf(Named("TreeNode"))
    assert props(api.schema("Author"))["books"].type == ArrayOf(Named("Book"))
    assert props(api.schema("Book"))["author"].type == Named("Author")
    expr = api.schema("Expr")
    assert expr.variants == (Named("Literal"), Named("BinOp"))
    assert expr.discriminator.mapping == (("binop", "BinOp"), ("literal", "Literal"))
    assert props(api.schema("BinOp"))["left"].type == Named("Expr")
    json_value = api.schema("Json")
    assert json_value.variants == (STRING, Primitive("number"), ArrayOf(Named("Json")), MapOf(Named("Json")))
    assert api.schema("NodeList") == AliasSchema("NodeList", api.schema("NodeList").source, ArrayOf(Named("NodeList")))
    assert "Alias" not in {s.name for s in api.schemas}  # a component that is only a $ref is that schema


# -- envelopes ----------------------------------------------------------------------------------


def test_list_envelope_offset_pagination():
    api = ir("envelopes")
    p = api.operation("GET /orders").pagination
    assert (p.style, p.item, p.page_schema, p.limit_param, p.offset_param) == ("offset", Named("Order"), "OrderList", "limit", "offset")
    assert api.schema("OrderList").role == "list" and api.schema("OrderList").list_item == Named("Order")


def test_list_envelope_cursor_pagination():
    api = ir("envelopes")
    p = api.operation("GET /events").pagination
    assert (p.style, p.item, p.cursor_param, p.cursor_field, p.limit_param) == ("cursor", Named("Event"), "starting_after", "id", "limit")
    assert p.page_schema == "ListEventsResponse" and api.schema("ListEventsResponse").base == "ListEnvelope"


def test_page_token_pagination_and_unpaginated_lists():
    api = ir("envelopes")
    p = api.operation("GET /reports").pagination
    assert (p.style, p.cursor_param, p.cursor_field, p.limit_param) == ("page_token", "page_token", "next_page_token", "page_size")
    assert api.operation("GET /market-data/quotes").pagination is None  # no paging parameters


def test_error_envelope_and_legacy_error_codes():
    api = ir("envelopes")
    assert api.schema("ErrorEnvelope").role == "error"
    assert api.schema("ProductNotEnabled").role == "legacy_error"
    assert api.error_codes == (ErrorCode(403, "PRODUCT_NOT_ENABLED", "ProductNotEnabled"),)
    quotes = api.operation("GET /market-data/quotes")
    assert [(r.status, r.type) for r in quotes.errors] == [("403", Named("ProductNotEnabled")), ("404", Named("ErrorEnvelope"))]
    assert dict((name, role) for role, name in api.envelopes) == {
        "ErrorEnvelope": "error", "ProductNotEnabled": "legacy_error", "ListEnvelope": "list",
        "ListEventsResponse": "list", "OrderList": "list", "ReportList": "list", "ResourceEnvelope": "resource",
    }


# -- operations -----------------------------------------------------------------------------------


def ops_by_id():
    return {op.id: op for op in ir("operations").operations}


def test_groups_and_method_names():
    ops = ops_by_id()
    names = {op_id: ("_".join(op.group), "_".join(op.method)) for op_id, op in ops.items()}
    assert names == {
        "POST /investors/{investor_id}/funding-sources/connect": ("funding_sources", "connect"),  # singular noun stripped
        "GET /investors/{investor_id}/funding-sources": ("funding_sources", "list"),  # plural noun stripped
        "DELETE /investors/{investor_id}/funding-sources/{funding_source_id}": ("funding_sources", "delete"),
        "GET /orders": ("trading", "list_orders"),  # the group noun is not the tag: kept
        "POST /orders": ("trading", "place_order"),
        "POST /documents": ("files", "upload"),  # x-sdk-group / x-sdk-method
        "POST /oauth/token": ("auth", "create_token"),
        "POST /oauth/revoke": ("auth", "revoke_token"),
        "GET /health": ("health", "get"),  # no tag, no operationId
        "GET /webhooks/{webhook_id}": ("webhooks", "get_webhook"),  # duplicates fall back to the operationId
        "POST /webhooks/{webhook_id}": ("webhooks", "get_webhook_2"),
        "GET /positions": ("trading", "positions"),  # x-sdk-method alone
    }
    assert ops["GET /health"].operation_id == "getHealth"
    groups = {g.name: g for g in ir("operations").groups}
    assert [g.name for g in ir("operations").groups][:2] == [("funding", "sources"), ("trading",)]  # tag order first
    assert groups[("funding", "sources")].title == "Funding Sources"
    assert groups[("funding", "sources")].description == "Bank accounts."
    assert groups[("webhooks",)].operations == ("GET /webhooks/{webhook_id}", "POST /webhooks/{webhook_id}")


def test_parameters_in_every_location_in_order():
    ops = ops_by_id()
    listing = ops["GET /investors/{investor_id}/funding-sources"]
    assert [(p.location, p.name, p.required) for p in listing.parameters] == [
        ("path", "investor_id", True), ("query", "status", False), ("header", "X-Request-Trace", False), ("cookie", "session", False),
    ]
    assert listing.parameters[1].type == Named("ListFundingSourcesStatus")
    delete = ops["DELETE /investors/{investor_id}/funding-sources/{funding_source_id}"]
    assert [p.name for p in delete.parameters] == ["investor_id", "funding_source_id"]  # path order, not declaration order
    assert ops["GET /webhooks/{webhook_id}"].parameters[0].type == Primitive("integer")  # path-item level parameter


def test_request_bodies():
    ops = ops_by_id()
    connect = ops["POST /investors/{investor_id}/funding-sources/connect"].body
    assert (connect.encoding, connect.required, connect.discriminator) == ("json", True, "type")
    assert [(v.schema, v.discriminator_value, [p.name for p in v.properties]) for v in connect.variants] == [
        ("ConnectPlaid", "plaid", ["type", "public_token"]), ("ConnectManual", "manual", ["type", "account_number"]),
    ]
    upload = ops["POST /documents"].body
    assert (upload.media_type, upload.encoding, upload.required) == ("multipart/form-data", "multipart", True)
    assert props(ir("operations").schema("UploadDocumentRequest"))["file"].type == Primitive("string", "binary")
    token = ops["POST /oauth/token"].body
    assert (token.media_type, token.encoding) == ("application/x-www-form-urlencoded", "form")
    assert ops["POST /oauth/revoke"].body.encoding == "json"  # preferred when several are offered
    order = ops["POST /orders"].body
    assert [p.name for p in order.variants[0].properties] == ["symbol"]  # readOnly `id` is not an argument


def test_idempotency():
    ops = ops_by_id()
    idem = {op_id: op.idempotency for op_id, op in ops.items()}
    declared_required = idem["POST /investors/{investor_id}/funding-sources/connect"]
    assert (declared_required.header, declared_required.required, declared_required.declared) == ("Idempotency-Key", True, True)
    assert (idem["POST /orders"].required, idem["POST /orders"].declared) == (False, True)
    assert (idem["POST /documents"].required, idem["POST /documents"].declared) == (False, False)  # implicit on POST
    assert idem["GET /orders"] is None and idem["DELETE /investors/{investor_id}/funding-sources/{funding_source_id}"] is None
    assert all(p.name != "Idempotency-Key" for op in ops.values() for p in op.parameters)  # not a plain parameter


def test_security():
    api = ir("operations")
    ops = ops_by_id()
    assert api.security == (("BasicAuth",), ("BearerAuth",))
    assert ops["POST /orders"].security == (("BasicAuth",), ("BearerAuth",)) and ops["POST /orders"].auth_required
    assert ops["POST /oauth/token"].security == () and not ops["POST /oauth/token"].auth_required  # security: []
    assert ops["GET /health"].security == ((), ("ApiKeyAuth",)) and not ops["GET /health"].auth_required  # {} = optional
    assert ops["GET /webhooks/{webhook_id}"].security == (("ApiKeyAuth", "OAuth"),)  # both at once
    schemes = {s.name: s for s in api.security_schemes}
    assert schemes["BasicAuth"].kind == "basic"
    assert (schemes["BearerAuth"].kind, schemes["BearerAuth"].bearer_format) == ("bearer", "JWT")
    assert (schemes["ApiKeyAuth"].kind, schemes["ApiKeyAuth"].location, schemes["ApiKeyAuth"].parameter) == ("api_key", "header", "X-API-Key")
    assert schemes["OAuth"].kind == "oauth2"


AUTH_SPEC = """\
openapi: 3.0.3
info: {title: Auth, version: '1'}
{extension}security:
  - BasicAuth: []
  - BearerAuth: []
paths:
  /things:
    get:
      responses:
        '200': {description: ok}
  /other:
    get:
      security: [{QueryKey: []}, {HeaderKey: []}]
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    BasicAuth: {type: http, scheme: basic}
    BearerAuth: {type: http, scheme: bearer}
    HeaderKey: {type: apiKey, in: header, name: X-Key}
    QueryKey: {type: apiKey, in: query, name: key}
    OAuth: {type: oauth2, flows: {}}
"""


@pytest.mark.parametrize(
    "extension,chosen",
    [
        ("", "BearerAuth"),  # the alternative with the fewest secrets
        ("x-sdk-auth: BasicAuth\n", "BasicAuth"),  # the spec decides
        ("x-sdk-auth: HeaderKey\n", "HeaderKey"),
    ],
)
def test_the_client_authenticates_with_one_scheme_decided_in_the_ir(write_spec, extension: str, chosen: str) -> None:
    api, diagnostics = build_ir(write_spec(AUTH_SPEC.replace("{extension}", extension)), validate=False)
    assert api.client_auth == chosen and api.client_scheme().name == chosen
    assert not [d for d in diagnostics if d.code == "sdk-auth-unknown"]


@pytest.mark.parametrize("value", ["QueryKey", "OAuth", "Nope", "[BasicAuth]"])
def test_an_x_sdk_auth_the_clients_cannot_send_is_a_located_warning(write_spec, value: str) -> None:
    api, diagnostics = build_ir(write_spec(AUTH_SPEC.replace("{extension}", f"x-sdk-auth: {value}\n")), validate=False)
    (warning,) = [d for d in diagnostics.located() if d.code == "sdk-auth-unknown"]
    assert warning.location.pointer == "/x-sdk-auth" and warning.location.line == 3
    assert api.client_auth == "BearerAuth"  # the rule decides instead


def test_without_a_scheme_the_clients_can_send_there_is_no_client_auth(write_spec) -> None:
    text = AUTH_SPEC.replace("{extension}", "").replace("  - BasicAuth: []\n  - BearerAuth: []\n", "  - OAuth: []\n")
    text = text.replace("security: [{QueryKey: []}, {HeaderKey: []}]", "security: [{QueryKey: []}]")
    api, _ = build_ir(write_spec(text), validate=False)
    assert api.client_auth is None


def test_the_bluum_clients_use_its_documented_key_and_secret() -> None:
    api, _ = build_ir(ROOT / "specs" / "bluum" / "openapi.yaml", validate=False)
    assert api.client_scheme().kind == "basic"


def test_servers_become_environments():
    servers = ir("operations").servers
    assert [(s.environment, s.url) for s in servers] == [
        ("production", "https://api.example.com/v1"),
        ("sandbox", "https://sandbox.example.com/v1"),
        ("production_regional", "https://{region}.example.com/v1"),
        ("server4", "http://localhost:8080"),
    ]
    (region,) = servers[2].variables
    assert (region.name, region.default, region.enum, region.description) == ("region", "eu", ("eu", "us"), "Data region.")


def test_duplicate_operation_ids_are_made_unique_with_a_warning(write_spec):
    path = write_spec("""\
        openapi: 3.0.3
        info: {title: x, version: '1'}
        paths:
          /a:
            get:
              operationId: fetch
              responses: {'200': {description: ok}}
          /b:
            get:
              operationId: fetch
              responses: {'200': {description: ok}}
        """)
    api, diagnostics = build_ir(path)
    assert [op.operation_id for op in api.operations] == ["fetch", "fetchGetB"]
    (w,) = [d for d in diagnostics.located() if d.code == "operation-id-duplicate"]
    assert (w.level, w.location.line, w.location.pointer) == ("warning", 10, "/paths/~1b/get/operationId")
    assert len({(op.group, op.method) for op in api.operations}) == 2


@pytest.mark.parametrize(
    ("op_id", "group", "method"),
    [
        ("connectFundingSource", "Funding Sources", "connect"),
        ("listFundingSources", "Funding Sources", "list"),
        ("listOrders", "Trading", "list_orders"),
        ("getPerson", "People", "get"),
        ("listCategories", "Category", "list"),
        ("list_addresses", "addresses", "list"),
        ("fundingSources", "Funding Sources", "funding_sources"),  # nothing would be left: kept whole
    ],
)
def test_method_name_strips_the_group_noun(op_id, group, method):
    assert "_".join(strip_group_noun(words(op_id), words(group))) == method


def test_words_and_singular():
    assert words("connectFundingSource") == ("connect", "funding", "source")
    assert words("Funding Sources") == ("funding", "sources")
    assert words("HTTPError2") == ("http", "error", "2")
    assert (singular("sources"), singular("categories"), singular("addresses"), singular("status")) == ("source", "category", "address", "status")


# -- the Bluum seed -------------------------------------------------------------------------------


def test_seed_connect_request_is_a_union_discriminated_on_type():
    api, _ = seed()
    req = api.schema("ConnectFundingSourceRequest")
    assert isinstance(req, UnionSchema)
    assert req.variants == (Named("ConnectPlaidRequest"), Named("ConnectManualRequest"))
    d = req.discriminator
    assert (d.property, d.origin, d.default) == ("type", "ref-object", None)
    assert dict(d.mapping) == {"plaid": "ConnectPlaidRequest", "manual": "ConnectManualRequest"}


def test_seed_connect_response_is_a_resource_or_a_list():
    api, _ = seed()
    op = api.operation("POST /investors/{investor_id}/funding-sources/connect")
    assert op.success.status == "201"
    union = api.schema(op.success.type.name)
    assert isinstance(union, UnionSchema)
    assert set(union.variants) == {Named("FundingSource"), Named("FundingSourceList")}
    d = union.discriminator
    assert (d.property, d.mapping, d.default, d.origin) == ("object", (("list", "FundingSourceList"),), "FundingSource", "inferred")


def test_seed_envelopes():
    api, _ = seed()
    fs = api.schema("FundingSource")
    assert fs.base == "ResourceEnvelope"
    assert props(fs)["status"].type == Named("FundingSourceStatus")
    fsl = api.schema("FundingSourceList")
    assert fsl.base == "ListEnvelope"
    assert props(fsl)["data"].type == ArrayOf(Named("FundingSource"))
    assert (fsl.role, fsl.list_item) == ("list", Named("FundingSource"))
    assert api.schema("ErrorEnvelope").role == "error"


def test_seed_operation():
    api, diagnostics = seed()
    (op,) = api.operations
    assert (op.group, op.method) == (("funding", "sources"), ("connect",))
    assert [(p.name, p.location) for p in op.parameters] == [("investor_id", "path")]
    assert op.body.discriminator == "type" and {v.discriminator_value for v in op.body.variants} == {"plaid", "manual"}
    assert op.idempotency is not None and op.idempotency.header == "Idempotency-Key"
    assert [r.status for r in op.errors] == ["400", "401", "404"]
    assert [s.environment for s in api.servers][:2] == ["production", "sandbox"]
    assert len(set(s.environment for s in api.servers)) == len(api.servers)
    assert [d.code for d in diagnostics.located()] == ["discriminator-mapping-ref"] * 2


def test_untagged_operations_are_grouped_by_their_first_resource_segment(write_spec):
    """A version or api prefix names no resource (Stripe's /v1/... would be one 468-method group)."""
    spec = write_spec("""
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /v1/customers/{customer}:
            get: {operationId: GetCustomersCustomer, responses: {'200': {description: ok}}}
          /api/v2.1/payment_intents:
            get: {operationId: listIntents, responses: {'200': {description: ok}}}
          /v1:
            get: {operationId: root, responses: {'200': {description: ok}}}
          /v1/charges:
            get: {operationId: listCharges, x-sdk-group: money, responses: {'200': {description: ok}}}
        """)
    api, _ = build_ir(spec, validate=False)
    groups = {op.path: op.group for op in api.operations}
    assert groups == {
        "/v1/customers/{customer}": ("customers",),
        "/api/v2.1/payment_intents": ("payment", "intents"),
        "/v1": ("default",),
        "/v1/charges": ("money",),
    }


def test_a_get_request_body_is_left_out_and_warned_about_unless_empty(write_spec):
    """Every target then agrees: fetch refuses a GET body, httpx would send it."""
    spec = write_spec("""
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /search:
            get:
              operationId: search
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {q: {type: string}}}
              responses: {'200': {description: ok}}
          /customers:
            get:
              operationId: listCustomers
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: object, properties: {}, additionalProperties: false}
              responses: {'200': {description: ok}}
        """)
    api, diagnostics = build_ir(spec, validate=False)
    assert all(op.body is None for op in api.operations)
    assert [(d.code, d.location.pointer) for d in diagnostics] == [("body-on-get", "/paths/~1search/get/requestBody")]
