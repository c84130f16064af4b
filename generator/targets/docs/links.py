"""Where every page and operation lives, so links are relative and known before rendering.

Pages: ``README.md`` (index), ``groups/<group>.md``, ``models/README.md``, ``models/<model>.md``.
Group pages have one heading per operation, in order, after the page title; the anchors
computed here follow exactly that order.
"""

from __future__ import annotations

from ...ir import Api
from .anchors import Slugger, file_names

GROUPS = "groups"
MODELS = "models"


def operation_title(op_summary: str, operation_id: str) -> str:
    return op_summary.strip() or operation_id


class Links:
    def __init__(self, api: Api) -> None:
        self.group_file = file_names([g.title for g in api.groups], "group")
        self.model_file = file_names([s.name for s in api.schemas], "model")
        self.op_page: dict[str, str] = {}
        self.op_anchor: dict[str, str] = {}
        for g in api.groups:
            slugger = Slugger()
            slugger.add(g.title)
            for op_id in g.operations:
                op = api.operation(op_id)
                self.op_page[op_id] = self.group_file[g.title]
                self.op_anchor[op_id] = slugger.add(operation_title(op.summary, op.operation_id))

    @staticmethod
    def _up(here: str) -> str:
        return "" if here == "" else "../"

    def model(self, name: str, here: str) -> str:
        """Link to a model page from a page in folder ``here`` ("" for the root)."""
        return self.model_file[name] if here == MODELS else f"{self._up(here)}{MODELS}/{self.model_file[name]}"

    def group(self, title: str, here: str) -> str:
        return self.group_file[title] if here == GROUPS else f"{self._up(here)}{GROUPS}/{self.group_file[title]}"

    def operation(self, op_id: str, here: str, page: str | None = None) -> str:
        """Link to an operation's heading; just the anchor when ``page`` is its own page."""
        if here == GROUPS and page == self.op_page[op_id]:
            return "#" + self.op_anchor[op_id]
        prefix = "" if here == GROUPS else f"{self._up(here)}{GROUPS}/"
        return f"{prefix}{self.op_page[op_id]}#{self.op_anchor[op_id]}"
