"""A running `depeche serve`, asked over its API: what `--server URL` does
for `depeche ingest` and the query commands instead of opening the file
(which the server, its only writer, holds)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import httpx

from . import __version__

# Items a request, and bytes: under the server's default body limit (2 MB)
# with room to spare; one item bigger than that is sent alone and refused alone.
BATCH_ITEMS = 200
BATCH_BYTES = 1_500_000
TIMEOUT = 600.0  # a batch of articles is extracted before the server answers


class ServerError(RuntimeError):
    """The server could not be reached, refused us, or answered something else than expected."""


def connect(url: str, token: str | None = None, timeout: float = TIMEOUT) -> httpx.Client:
    headers = {"User-Agent": f"depeche/{__version__}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=httpx.Timeout(timeout, connect=10.0))


def get(client: httpx.Client, path: str, params: dict | None = None) -> dict | list | None:
    """The API's JSON answer; None for 404 (nothing by that name)."""
    r = _send(client, "GET", path, params={k: v for k, v in (params or {}).items() if v not in (None, False)})
    if r.status_code == 404:
        return None
    _check(client, r)
    return r.json()


def post(client: httpx.Client, path: str, items: list[dict]) -> dict:
    r = _send(client, "POST", path, content=json.dumps(items, ensure_ascii=False).encode(),
              headers={"Content-Type": "application/json"})
    _check(client, r)
    return r.json()


def _send(client: httpx.Client, method: str, path: str, **kw) -> httpx.Response:
    try:
        return client.request(method, path, **kw)
    except httpx.ConnectError:
        raise ServerError(f"cannot reach a depeche server at {client.base_url} (is `depeche serve` running?)") \
            from None
    except httpx.TimeoutException:
        raise ServerError(f"{client.base_url} did not answer in time") from None
    except httpx.HTTPError as exc:
        raise ServerError(f"{client.base_url}: {type(exc).__name__}: {exc}") from None


def _check(client: httpx.Client, r: httpx.Response) -> None:
    if r.status_code < 400:
        return
    try:
        detail = r.json().get("detail")
    except ValueError:
        detail = None
    if r.status_code == 401:
        raise ServerError(f"{client.base_url} refused the token: {detail or 'missing or wrong'} "
                          "(--token or $DEPECHE_TOKEN)")
    raise ServerError(f"{client.base_url} answered {r.status_code}: {detail or r.text[:200]}")


def batches(items: Iterable, max_items: int = BATCH_ITEMS, max_bytes: int = BATCH_BYTES,
            measure=lambda item: item) -> Iterator[list]:
    """Lists of items within both limits, in order (`measure(item)` is what is sent of it)."""
    batch, size = [], 0
    for item in items:
        n = len(json.dumps(measure(item), ensure_ascii=False).encode()) + 1
        if batch and (len(batch) >= max_items or size + n > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += n
    if batch:
        yield batch
