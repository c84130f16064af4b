"""Models load and build their schemas only when a response needs them (issue #4, Stripe import
time): a model module imports the models it merely mentions for type checkers only and uses
``lazy_model`` stand-ins at run time. What users see must not change: nested values are instances
of the real classes, errors point at the nested field, and dumps round-trip.

Import behaviour is observed in fresh interpreters (``sys.modules`` of a running test session
already holds whatever other tests imported).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.generate import render_target

ROOT = Path(__file__).resolve().parents[1]
BLUUM_SRC = ROOT / "generated/python/src"

# Two models in a reference cycle, one side "expandable" (an id or the object), as Stripe's
# Customer and its default source are: before stand-ins, importing either imported both.
CYCLE_SPEC = """
openapi: 3.0.3
info: {title: Cycle, version: "1.0"}
paths:
  /customers/{id}:
    get:
      operationId: getCustomer
      tags: [customers]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Customer"}
components:
  schemas:
    Customer:
      type: object
      required: [id]
      properties:
        id: {type: string}
        default_card:
          anyOf:
            - {type: string}
            - {$ref: "#/components/schemas/Card"}
        cards:
          type: array
          items: {$ref: "#/components/schemas/Card"}
    Card:
      type: object
      required: [id]
      properties:
        id: {type: string}
        holder-name: {type: string}
        customer: {$ref: "#/components/schemas/Customer"}
"""


def run_fresh(code: str, path: Path) -> dict[str, object]:
    """Run ``code`` in a new interpreter with ``path`` first on sys.path; it prints one JSON line."""
    proc = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(path)!r})\n" + textwrap.dedent(code)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def cycle_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cycle")
    spec = root / "openapi.yaml"
    spec.write_text(CYCLE_SPEC, encoding="utf-8")
    files, _ = render_target(spec, "python", package="cyc")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "src"


def test_using_a_resource_imports_no_model_until_a_response_is_parsed() -> None:
    out = run_fresh(
        """
        import json, sys, httpx, bluum
        FS = {"object": "funding_source", "livemode": False, "id": "fs_1", "status": "active"}
        LIST = {"object": "list", "url": "/x", "has_more": False, "data": [FS]}
        models = lambda: sorted(m for m in sys.modules if m in (
            "bluum.types.funding_source", "bluum.types.funding_source_list"))
        http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(201, json=LIST)))
        resource = bluum.Bluum(api_key="k", api_secret="s", http_client=http).funding_sources
        before = models()
        result = resource.connect("inv_1", type="plaid", public_token="p")
        print(json.dumps({"before": before, "after": models(),
                          "item": type(result.data[0]) is bluum.types.FundingSource}))
        """,
        BLUUM_SRC,
    )
    assert out == {
        "before": [],
        "after": ["bluum.types.funding_source", "bluum.types.funding_source_list"],
        "item": True,
    }


def test_importing_a_model_does_not_import_the_models_it_refers_to(cycle_src: Path) -> None:
    out = run_fresh(
        """
        import json, sys
        from cyc.types import Customer
        before = "cyc.types.card" in sys.modules
        c = Customer.model_validate({"id": "cus_1", "default_card": "card_1"})
        still = "cyc.types.card" in sys.modules
        c = Customer.model_validate({"id": "cus_1", "default_card": {"id": "card_1"}})
        print(json.dumps({"before": before, "after_id": still, "after_object": "cyc.types.card" in sys.modules,
                          "card": type(c.default_card).__module__ + "." + type(c.default_card).__name__}))
        """,
        cycle_src,
    )
    assert out == {"before": False, "after_id": False, "after_object": True, "card": "cyc.types.card.Card"}


def test_nested_models_across_a_cycle_are_real_typed_and_round_trip(cycle_src: Path) -> None:
    out = run_fresh(
        """
        import json
        import pydantic
        from cyc.types import Card, Customer
        body = {"id": "cus_1", "default_card": {"id": "card_1", "holder-name": "Jo", "customer": {"id": "cus_1"}},
                "cards": [{"id": "card_2", "extra": 1}]}
        c = Customer.model_validate(body)
        typed = (isinstance(c.default_card, Card) and isinstance(c.default_card.customer, Customer)
                 and c.default_card.holder_name == "Jo" and c.cards[0].model_extra == {"extra": 1})
        same = Customer(id="cus_2", default_card=c.default_card).default_card is c.default_card
        try:
            Customer.model_validate({"id": "cus_1", "cards": [{"id": "card_1"}, {"id": 5}]})
            where = None
        except pydantic.ValidationError as e:
            where = [list(err["loc"]) for err in e.errors()]
        print(json.dumps({"typed": typed, "same": same, "dump": c.to_dict(), "where": where,
                          "json": json.loads(c.to_json()) == body}))
        """,
        cycle_src,
    )
    assert out["typed"] is True and out["same"] is True and out["json"] is True
    assert out["dump"] == {
        "id": "cus_1",
        "default_card": {"id": "card_1", "holder-name": "Jo", "customer": {"id": "cus_1"}},
        "cards": [{"id": "card_2", "extra": 1}],
    }
    assert out["where"] == [["cards", 1, "id"]]


def test_a_cycle_of_models_no_longer_shares_one_module(cycle_src: Path) -> None:
    types = cycle_src / "cyc/types"
    assert (types / "customer.py").is_file() and (types / "card.py").is_file()
    text = (types / "customer.py").read_text(encoding="utf-8")
    assert "if TYPE_CHECKING:\n    from .card import Card\nelse:\n    Card = lazy_model(" in text


def test_json_schema_names_nested_models_instead_of_raising(cycle_src: Path) -> None:
    out = run_fresh(
        """
        import json
        from cyc.types import Card, Customer
        schema = Customer.model_json_schema()
        print(json.dumps({"schema": schema, "card": Card.model_json_schema()["properties"]["id"]}))
        """,
        cycle_src,
    )
    schema = out["schema"]
    assert schema["title"] == "Customer" and schema["properties"]["id"]["type"] == "string"
    nested = json.dumps(schema["properties"]["default_card"]) + json.dumps(schema["properties"]["cards"])
    assert '"title": "Card"' in nested and '"type": "object"' in nested
    assert out["card"]["type"] == "string"
