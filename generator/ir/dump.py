"""The IR as stable, sorted JSON (``sdkgen inspect``, golden IR snapshots)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .model import Api


def to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if v is None or v == () or v == "" or v is False:
                continue  # keep snapshots short: defaults are implied
            if f.name == "constraints" and v.is_empty():
                continue
            if f.name.endswith("_json") and isinstance(v, str):
                out[f.name[:-5]] = json.loads(v)
                continue
            out[f.name] = to_data(v)
        return out
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    return value


def dump_api(api: Api) -> str:
    return json.dumps(to_data(api), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
