"""Models, the type-driven parser, discriminators and serialization helpers."""

from __future__ import annotations

import datetime as dt
import enum
import sys
import textwrap
import types
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

import pydantic
import pytest


def test_unknown_fields_are_kept(pkg: Any) -> None:
    fs = pkg._models.parse(
        pkg.models.FundingSource,
        {"id": "fs_1", "status": "active", "new_field": {"a": 1}},
    )
    assert fs.new_field == {"a": 1}
    assert fs.model_extra == {"new_field": {"a": 1}}
    assert fs.to_dict() == {"id": "fs_1", "status": "active", "new_field": {"a": 1}}


def test_unknown_enum_value_is_kept(pkg: Any) -> None:
    fs = pkg._models.parse(
        pkg.models.FundingSource, {"id": "fs_1", "status": "frozen_by_bank"}
    )
    assert fs.status == "frozen_by_bank"


def test_forward_references_resolve_and_aliases(pkg: Any) -> None:
    fs = pkg._models.parse(
        pkg.models.FundingSource,
        {
            "id": "fs_1",
            "status": "active",
            "bank": {"bank_name": "Chase"},
            "type": "ach",
            "created_at": "2024-01-02T03:04:05Z",
        },
    )
    assert isinstance(fs.bank, pkg.models.BankAccount)
    assert fs.type_ == "ach"
    assert fs.created_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    # Output uses the API's names and omits what the server did not send.
    assert fs.to_dict() == {
        "id": "fs_1",
        "status": "active",
        "bank": {"bank_name": "Chase"},
        "type": "ach",
        "created_at": "2024-01-02T03:04:05Z",
    }
    assert '"type":"ach"' in fs.to_json()
    # populate_by_name: the Python name works too.
    assert (
        pkg.models.FundingSource(id="x", status="active", type_="wire").type_ == "wire"
    )


def test_parse_deferred_model_in_fresh_module(pkg: Any) -> None:
    """A model module using future annotations and forward refs, parsed inside a list."""
    module = types.ModuleType(f"{pkg.__name__}.late_models")
    source = textwrap.dedent("""
        from __future__ import annotations
        from ._models import BaseModel

        class Parent(BaseModel):
            children: list[Child]
            sibling: Parent | None = None

        class Child(BaseModel):
            name: str
        """)
    module.__package__ = pkg.__name__
    sys.modules[module.__name__] = module
    try:
        exec(compile(source, "late_models.py", "exec"), module.__dict__)
        parsed = pkg._models.parse(
            list[module.Parent],
            [{"children": [{"name": "a"}], "sibling": {"children": []}}],
        )
        assert parsed[0].children[0].name == "a"
        assert parsed[0].sibling.children == []
    finally:
        del sys.modules[module.__name__]


def test_parse_various_types(pkg: Any) -> None:
    parse = pkg._models.parse
    assert parse(None, {"ignored": 1}) is None
    assert parse(type(None), None) is None
    assert parse(str, "hello") == "hello"
    assert parse(dict[str, int], {"a": 1}) == {"a": 1}
    items = parse(list[pkg.models.FundingSource], [{"id": "a", "status": "active"}])
    assert items[0].id == "a"
    with pytest.raises(pydantic.ValidationError):
        parse(pkg.models.FundingSource, {"status": "active"})


def test_parse_caches_adapters(pkg: Any) -> None:
    pkg._models.parse(list[pkg.models.BankAccount], [])
    assert list[pkg.models.BankAccount] in pkg._models._adapters


def test_discriminated_union_with_default(pkg: Any) -> None:
    parse, models = pkg._models.parse, pkg.models
    single = parse(
        models.ConnectFundingSourceResponse,
        {"id": "fs_1", "object": "funding_source", "status": "active"},
    )
    assert isinstance(single, models.FundingSource)
    many = parse(
        models.ConnectFundingSourceResponse,
        {"object": "list", "data": [{"id": "fs_1", "status": "error"}]},
    )
    assert isinstance(many, models.FundingSourceList)
    assert many.data[0].status == "error"
    # No "object" at all: the default variant.
    assert isinstance(
        parse(models.ConnectFundingSourceResponse, {"id": "x", "status": "active"}),
        models.FundingSource,
    )


def test_discriminator_without_default_rejects_unknown_tag(pkg: Any) -> None:
    class Cat(pkg._models.BaseModel):
        kind: Literal["cat"]

    class Dog(pkg._models.BaseModel):
        kind: Literal["dog"]

    Pet = Annotated[
        Union[Annotated[Cat, pydantic.Tag("Cat")], Annotated[Dog, pydantic.Tag("Dog")]],
        pkg._models.discriminator("kind", {"cat": "Cat", "dog": "Dog"}),
    ]
    assert isinstance(pkg._models.parse(Pet, {"kind": "dog"}), Dog)
    with pytest.raises(pydantic.ValidationError):
        pkg._models.parse(Pet, {"kind": "fish"})
    with pytest.raises(pydantic.ValidationError):
        pkg._models.parse(Pet, {"kind": ["unhashable"]})
    # Serialization goes through the same function with model instances.
    adapter = pydantic.TypeAdapter(Pet)
    assert adapter.dump_python(Cat(kind="cat")) == {"kind": "cat"}


def test_api_response_validation_error(pkg: Any, make_client: Any) -> None:
    import httpx

    client, _ = make_client(httpx.Response(200, json={"status": "active"}))
    with pytest.raises(pkg._exceptions.APIResponseValidationError) as info:
        client.request("GET", "/x", cast_to=pkg.models.FundingSource)
    exc = info.value
    assert "FundingSource" in str(exc) and "id" in str(exc)
    assert exc.status_code == 200
    assert exc.body == {"status": "active"}
    assert exc.response.status_code == 200


def test_strip_not_given(pkg: Any) -> None:
    NOT_GIVEN = pkg._types.NOT_GIVEN
    assert pkg._serialize.strip_not_given(
        {"a": NOT_GIVEN, "b": None, "c": [{"d": NOT_GIVEN}]}
    ) == {
        "b": None,
        "c": [{}],
    }


def test_to_jsonable(pkg: Any) -> None:
    class Kind(enum.Enum):
        ACH = "ach"

    value = pkg._serialize.to_jsonable(
        {
            "when": dt.date(2024, 1, 2),
            "at": dt.datetime(2024, 1, 2, 3, 4, 5),
            "kind": Kind.ACH,
            "amount": Decimal("1.10"),
            "model": pkg.models.BankAccount(bank_name="B"),
            "items": (1, [Kind.ACH]),
        }
    )
    assert value == {
        "when": "2024-01-02",
        "at": "2024-01-02T03:04:05",
        "kind": "ach",
        "amount": "1.10",
        "model": {"bank_name": "B"},
        "items": [1, ["ach"]],
    }


def test_not_given(pkg: Any) -> None:
    NotGiven, NOT_GIVEN = pkg._types.NotGiven, pkg._types.NOT_GIVEN
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert NotGiven() is NOT_GIVEN
