"""Builds a throwaway SDK package from the runtime templates for the tests.

The package holds the runtime modules verbatim, `_exceptions.py` rendered from
its template, and a tiny hand-written client/resource/model layer shaped like
generated code. Every HTTP exchange goes through `httpx.MockTransport`.
"""

from __future__ import annotations

import base64
import importlib
import sys
import textwrap
import types
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import jinja2
import pytest

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "python" / "runtime"

API_KEY = "key_live_4f1b2c"
API_SECRET = "sk_live_S3CR3T_9f8e7d6c"
BASIC_TOKEN = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
BASE_URL = "https://api.example.test/v1"

SPECIAL_ERRORS = [
    types.SimpleNamespace(
        class_name="ProductNotEnabledError",
        base_class="PermissionDeniedError",
        status=403,
        code="PRODUCT_NOT_ENABLED",
    )
]

MODELS_PY = """
from __future__ import annotations

import datetime
from typing import Annotated, Literal, Union

from pydantic import Field, Tag

from ._models import BaseModel, discriminator


class FundingSource(BaseModel):
    id: str
    status: Literal["active", "disconnected", "error"] | str
    bank: BankAccount | None = None  # forward reference, resolved at first parse
    created_at: datetime.datetime | None = None
    type_: str | None = Field(default=None, alias="type")
    object: str = "funding_source"


class BankAccount(BaseModel):
    bank_name: str
    last4: str | None = None


class FundingSourceList(BaseModel):
    data: list[FundingSource]
    has_more: bool = False
    object: Literal["list"]


class Document(BaseModel):
    id: str
    filename: str | None = None


ConnectFundingSourceResponse = Annotated[
    Union[
        Annotated[FundingSource, Tag("FundingSource")],
        Annotated[FundingSourceList, Tag("FundingSourceList")],
    ],
    discriminator("object", {"list": "FundingSourceList"}, default="FundingSource"),
]
"""

RESOURCES_PY = """
from __future__ import annotations

from functools import cached_property
from typing import Literal, cast
from urllib.parse import quote

from ._base_client import Pagination, RequestOptions
from ._pagination import AsyncPage, SyncPage
from ._resource import AsyncAPIResource, SyncAPIResource
from ._response import APIResponse, async_to_raw_response_wrapper, to_raw_response_wrapper
from ._types import NOT_GIVEN, FileTypes, NotGiven
from .models import ConnectFundingSourceResponse, Document, FundingSource

_OFFSET = Pagination(style="offset")


class FundingSources(SyncAPIResource):
    def create(
        self,
        investor_id: str,
        *,
        name: str,
        nickname: str | None | NotGiven = NOT_GIVEN,
        options: RequestOptions = RequestOptions(),
    ) -> FundingSource:
        return cast(
            FundingSource,
            self._client.request(
                "POST",
                f"/investors/{quote(investor_id, safe='')}/funding_sources",
                cast_to=FundingSource,
                body={"name": name, "nickname": nickname},
                options=options,
            ),
        )

    def list(
        self,
        investor_id: str,
        *,
        limit: int | NotGiven = NOT_GIVEN,
        status: Literal["active", "disconnected", "error"] | str | NotGiven = NOT_GIVEN,
        options: RequestOptions = RequestOptions(),
    ) -> SyncPage[FundingSource]:
        return cast(
            "SyncPage[FundingSource]",
            self._client.request_page(
                "GET",
                f"/investors/{quote(investor_id, safe='')}/funding_sources",
                page_cls=SyncPage[FundingSource],
                pagination=_OFFSET,
                query={"limit": limit, "status": status},
                options=options,
            ),
        )

    def connect(
        self, investor_id: str, *, public_token: str, options: RequestOptions = RequestOptions()
    ) -> ConnectFundingSourceResponse:
        return cast(
            ConnectFundingSourceResponse,
            self._client.request(
                "POST",
                f"/investors/{quote(investor_id, safe='')}/funding_sources/connect",
                cast_to=ConnectFundingSourceResponse,
                body={"public_token": public_token},
                options=options,
            ),
        )

    def delete(self, investor_id: str, funding_source_id: str, *, options: RequestOptions = RequestOptions()) -> None:
        self._client.request(
            "DELETE",
            f"/investors/{quote(investor_id, safe='')}/funding_sources/{quote(funding_source_id, safe='')}",
            cast_to=None,
            options=options,
        )

    def upload_statement(
        self, *, file: FileTypes, purpose: str, options: RequestOptions = RequestOptions()
    ) -> Document:
        return cast(
            Document,
            self._client.request(
                "POST", "/documents", cast_to=Document, files={"file": file, "purpose": purpose}, options=options
            ),
        )

    @cached_property
    def with_raw_response(self) -> FundingSourcesWithRawResponse:
        return FundingSourcesWithRawResponse(self)


class FundingSourcesWithRawResponse:
    def __init__(self, resource: FundingSources) -> None:
        self.create = to_raw_response_wrapper(resource.create)
        self.list = to_raw_response_wrapper(resource.list)


class AsyncFundingSources(AsyncAPIResource):
    async def create(
        self,
        investor_id: str,
        *,
        name: str,
        nickname: str | None | NotGiven = NOT_GIVEN,
        options: RequestOptions = RequestOptions(),
    ) -> FundingSource:
        return cast(
            FundingSource,
            await self._client.request(
                "POST",
                f"/investors/{quote(investor_id, safe='')}/funding_sources",
                cast_to=FundingSource,
                body={"name": name, "nickname": nickname},
                options=options,
            ),
        )

    async def list(
        self,
        investor_id: str,
        *,
        limit: int | NotGiven = NOT_GIVEN,
        options: RequestOptions = RequestOptions(),
    ) -> AsyncPage[FundingSource]:
        return cast(
            "AsyncPage[FundingSource]",
            await self._client.request_page(
                "GET",
                f"/investors/{quote(investor_id, safe='')}/funding_sources",
                page_cls=AsyncPage[FundingSource],
                pagination=_OFFSET,
                query={"limit": limit},
                options=options,
            ),
        )

    @cached_property
    def with_raw_response(self) -> AsyncFundingSourcesWithRawResponse:
        return AsyncFundingSourcesWithRawResponse(self)


class AsyncFundingSourcesWithRawResponse:
    def __init__(self, resource: AsyncFundingSources) -> None:
        self.create = async_to_raw_response_wrapper(resource.create)
        self.list = async_to_raw_response_wrapper(resource.list)


def _typed_raw_access(resource: FundingSources) -> FundingSource:
    # Exercises the wrapper types under mypy --strict.
    raw: APIResponse[FundingSource] = resource.with_raw_response.create("inv_1", name="x")
    return raw.parse()
"""

CLIENT_PY = """
from __future__ import annotations

from typing import Mapping

import httpx

from ._auth import BasicAuth
from ._base_client import AsyncAPIClient, SyncAPIClient
from ._types import Timeout
from .resources import AsyncFundingSources, FundingSources

DEFAULT_BASE_URL = "https://api.example.test/v1"


class Bluum(SyncAPIClient):
    funding_sources: FundingSources

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str,
        base_url: str | httpx.URL = DEFAULT_BASE_URL,
        timeout: Timeout = 60.0,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            auth=BasicAuth(api_key, api_secret),
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers=default_headers,
            user_agent="bluum-python/0.0.1",
        )
        self.funding_sources = FundingSources(self)


class AsyncBluum(AsyncAPIClient):
    funding_sources: AsyncFundingSources

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str,
        base_url: str | httpx.URL = DEFAULT_BASE_URL,
        timeout: Timeout = 60.0,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            auth=BasicAuth(api_key, api_secret),
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers=default_headers,
            user_agent="bluum-python/0.0.1",
        )
        self.funding_sources = AsyncFundingSources(self)
"""

INIT_PY = """
from . import (
    _auth,
    _base_client,
    _exceptions,
    _models,
    _pagination,
    _response,
    _retries,
    _serialize,
    _types,
    models,
    resources,
)
from ._client import AsyncBluum as AsyncBluum, Bluum as Bluum
"""


def render_exceptions(special_errors: list[Any]) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(RUNTIME_DIR)),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["pystr"] = repr
    return env.get_template("_exceptions.py.jinja").render(
        special_errors=special_errors
    )


def build_package(root: Path, name: str) -> Path:
    pkg = root / name
    pkg.mkdir(parents=True)
    header = "# File generated by sdkgen. Do not edit.\n"
    for src in sorted(RUNTIME_DIR.glob("*.py")):
        (pkg / src.name).write_text(header + src.read_text())
    (pkg / "_exceptions.py").write_text(header + render_exceptions(SPECIAL_ERRORS))
    for filename, text in {
        "__init__.py": INIT_PY,
        "_client.py": CLIENT_PY,
        "models.py": MODELS_PY,
        "resources.py": RESOURCES_PY,
    }.items():
        (pkg / filename).write_text(textwrap.dedent(text).lstrip())
    (pkg / "py.typed").write_text("")
    return pkg


@pytest.fixture(scope="session")
def package_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("runtime_pkg")
    name = f"rtpkg_{uuid.uuid4().hex[:8]}"
    yield build_package(root, name)


@pytest.fixture(scope="session")
def pkg(package_dir: Path) -> Iterator[types.ModuleType]:
    root, name = str(package_dir.parent), package_dir.name
    sys.path.insert(0, root)
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(root)
        for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[mod]


@pytest.fixture(autouse=True)
def sleeps(pkg: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry waits are recorded instead of slept."""
    recorded: list[float] = []

    async def fake_async_sleep(delay: float) -> None:
        recorded.append(delay)

    monkeypatch.setattr(pkg._base_client, "_sleep", recorded.append)
    monkeypatch.setattr(pkg._base_client, "_async_sleep", fake_async_sleep)
    return recorded


class MockServer:
    """Replays scripted replies in order (the last one repeats) and records requests.

    A reply is an httpx.Response, an exception to raise, or a callable taking
    the request and returning either.
    """

    def __init__(self, *replies: Any) -> None:
        self.replies = list(replies) or [httpx.Response(200, json={})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if callable(reply) and not isinstance(reply, httpx.Response):
            reply = reply(request)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@pytest.fixture(scope="session")
def render_exceptions_template() -> Callable[[list[Any]], str]:
    return render_exceptions


@pytest.fixture(scope="session")
def creds() -> types.SimpleNamespace:
    """The test credentials, and the Authorization value they produce."""
    return types.SimpleNamespace(
        api_key=API_KEY,
        api_secret=API_SECRET,
        basic_token=BASIC_TOKEN,
        base_url=BASE_URL,
    )


@pytest.fixture
def make_client(pkg: types.ModuleType) -> Callable[..., tuple[Any, MockServer]]:
    """make_client(*replies, **client_kwargs) -> (Bluum client, MockServer)."""

    def make(*replies: Any, **kwargs: Any) -> tuple[Any, MockServer]:
        server = MockServer(*replies)
        http = httpx.Client(transport=httpx.MockTransport(server))
        kwargs.setdefault("base_url", BASE_URL)
        client = pkg.Bluum(
            api_key=API_KEY, api_secret=API_SECRET, http_client=http, **kwargs
        )
        return client, server

    return make


@pytest.fixture
def make_async_client(pkg: types.ModuleType) -> Callable[..., tuple[Any, MockServer]]:
    """Async twin of make_client (AsyncBluum over an async MockTransport)."""

    def make(*replies: Any, **kwargs: Any) -> tuple[Any, MockServer]:
        server = MockServer(*replies)
        http = httpx.AsyncClient(transport=httpx.MockTransport(server))
        kwargs.setdefault("base_url", BASE_URL)
        client = pkg.AsyncBluum(
            api_key=API_KEY, api_secret=API_SECRET, http_client=http, **kwargs
        )
        return client, server

    return make
