"""Keep fuzzed apps off the network: every provider address is a closed port on this machine.

The demo account translates with Google (its base URL is a setting) and understands speech
with the built-in NLU; nothing else calls out inline. But the fuzzing also changes accounts
through the admin API (a Rasa URL, a LibreTranslate URL…), so the app's HTTP client is built
with every proxy variable pointing at a closed local port as well: whatever address a
fuzzed setting names, the request is refused on 127.0.0.1, and the provider error path
(502 UPSTREAM_ERROR) runs. No part of flowhooks is replaced.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")
NO_PROXY_VARIABLES = ("NO_PROXY", "no_proxy")


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released, and never listened on)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@contextmanager
def proxies_to(port: int) -> Iterator[str]:
    """While inside, HTTP clients created here send everything to 127.0.0.1:`port`."""
    url = f"http://127.0.0.1:{port}"
    saved = {name: os.environ.get(name) for name in PROXY_VARIABLES + NO_PROXY_VARIABLES}
    try:
        for name in PROXY_VARIABLES:
            os.environ[name] = url
        for name in NO_PROXY_VARIABLES:
            os.environ.pop(name, None)
        yield url
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
