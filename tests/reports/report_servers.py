"""Local servers that speak the real protocols, for report delivery tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


@dataclass
class Upload:
    fields: dict[str, str]
    filename: str
    content_type: str
    content: bytes
    authorization: str | None


@dataclass
class Receiver:
    """An HTTP server that records multipart uploads and answers a scripted status list."""

    url: str = ""
    uploads: list[Upload] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    hits: int = 0


def receiver_app(receiver: Receiver) -> Starlette:
    async def upload(request: Request) -> PlainTextResponse:
        receiver.hits += 1
        status = receiver.statuses.pop(0) if receiver.statuses else 200
        form = await request.form()
        if status < 300:
            file = form["file"]
            assert isinstance(file, UploadFile)
            receiver.uploads.append(
                Upload(
                    fields={k: v for k, v in form.items() if isinstance(v, str)},
                    filename=file.filename or "",
                    content_type=file.content_type or "",
                    content=await file.read(),
                    authorization=request.headers.get("authorization"),
                )
            )
        await form.close()
        return PlainTextResponse("ok", status_code=status)

    return Starlette(routes=[Route("/upload", upload, methods=["POST"])])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox
