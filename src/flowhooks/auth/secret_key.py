"""The console's signing secret: FLOWHOOKS_SECRET_KEY, or one generated into the data dir.

A generated key is written once (mode 0600, created exclusively so two processes starting
together agree on one key) and read back by every later start. It is never logged.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from flowhooks.settings import Settings

FILE_NAME = "secret_key"
MIN_LENGTH = 32


def load_or_create(settings: Settings) -> bytes:
    """The key as bytes; generated and stored under settings.data_dir when not configured."""
    if settings.secret_key is not None:
        value = settings.secret_key.get_secret_value()
        if len(value) < MIN_LENGTH:
            raise ValueError(f"FLOWHOOKS_SECRET_KEY must be at least {MIN_LENGTH} characters")
        return value.encode()
    path = Path(settings.data_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    value = path.read_text().strip()
    if len(value) < MIN_LENGTH:
        raise ValueError(f"{path} holds a key shorter than {MIN_LENGTH} characters")
    return value.encode()
