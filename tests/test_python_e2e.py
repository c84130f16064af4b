"""End to end: the generated SDK against a Prism mock of specs/bluum.

Prism runs with ``--errors``, so a request the spec does not allow comes back as a 4xx and
the SDK raises; every response is Prism's example, which the SDK must parse. The calls are
the SDK README's own examples (built by ``targets.python.examples``), one per group.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.pipeline import build_ir
from generator.targets.python.examples import typed_call

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs/bluum/openapi.yaml"
sys.path.insert(0, str(ROOT / "generated/python/src"))

pytestmark = pytest.mark.prism
API, _ = build_ir(SPEC, validate=False)


def _pick(group_ops: tuple[str, ...]) -> str:
    ops = [API.operation(o) for o in group_ops]
    gets = [o for o in ops if o.http_method == "get"]
    return (gets or ops)[0].id


CALLS = [(g.title, _pick(g.operations)) for g in API.groups] + [
    ("connect (plaid)", "POST /investors/{investor_id}/funding-sources/connect"),
]


@pytest.fixture(scope="module")
def bluum_client():  # type: ignore[no-untyped-def]
    from support.prism import run_prism

    import bluum

    with run_prism(SPEC) as base_url:
        with bluum.Bluum(api_key="key_test", api_secret="secret_test", base_url=base_url, max_retries=0) as client:
            yield client


@pytest.mark.parametrize("title,op_id", CALLS, ids=[c[0] for c in CALLS])
def test_one_call_per_group_against_prism(bluum_client, title: str, op_id: str) -> None:  # type: ignore[no-untyped-def]
    op = API.operation(op_id)
    example = typed_call(API, op, "bluum")
    scope: dict[str, object] = {"client": bluum_client}
    exec("\n".join(example.imports), scope)  # noqa: S102 - our own generated example
    source = example.code
    result = eval(source, scope)  # noqa: S307 - our own generated example
    if op.pagination is not None:
        items = list(result.data)
        assert isinstance(items, list)
    elif op.success is not None and op.success.type is not None:
        assert result is not None, source
