"""Report delivery by HTTP POST and by e-mail, against real local servers."""

from __future__ import annotations

import csv
import email
import io
from collections.abc import AsyncIterator
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import openpyxl
import pytest
from pydantic import SecretStr, ValidationError

from flowhooks.reports.columns import HEADERS, AttemptRow
from flowhooks.reports.delivery import DeliveryError, ReportFile
from flowhooks.reports.delivery_smtp import deliver_email
from flowhooks.reports.dispatch import deliver
from flowhooks.reports.settings import ReportSettings
from flowhooks.reports.writers import ReportFormat, attempt_cells, write_report
from tests.reports.report_servers import Receiver, SmtpServer

IST = ZoneInfo("Asia/Kolkata")


async def rows(count: int) -> AsyncIterator[AttemptRow]:
    for n in range(count):
        yield AttemptRow(
            phonon_uuid=f"uuid-{n}",
            flow_id="AbCd1234",
            attempt=1,
            contact_number="+919979746666",
            status="ANSWERED",
        )


async def make_report(tmp_path: Path, fmt: ReportFormat, count: int = 5) -> ReportFile:
    path = tmp_path / f"report.{fmt.value}"
    written = await write_report(path, fmt, attempt_cells(rows(count)), IST)
    return ReportFile("rep_1", path, path.name, fmt.media_type, written)


def http_settings(url: str, **extra: object) -> ReportSettings:
    return ReportSettings.model_validate({"destination": "http", "http_url": url, **extra})


async def test_http_delivery_posts_the_csv_file(tmp_path: Path, receiver: Receiver) -> None:
    """The CSV report arrives as a multipart upload with its ID, name, row count and token."""
    report = await make_report(tmp_path, ReportFormat.CSV)
    settings = http_settings(receiver.url, http_token="s3cret")
    async with httpx.AsyncClient() as client:
        where = await deliver(settings, report, client)
    assert where == f"POST {receiver.url}"
    (upload,) = receiver.uploads
    assert upload.fields == {"reportID": "rep_1", "filename": "report.csv", "rows": "5"}
    assert upload.filename == "report.csv"
    assert upload.content_type.startswith("text/csv")
    assert upload.authorization == "Bearer s3cret"
    lines = list(csv.reader(io.StringIO(upload.content.decode("utf-8"))))
    assert tuple(lines[0]) == HEADERS
    assert [line[0] for line in lines[1:]] == [f"uuid-{n}" for n in range(5)]


async def test_http_delivery_posts_the_xlsx_file(tmp_path: Path, receiver: Receiver) -> None:
    """The XLSX report arrives intact and opens with openpyxl."""
    report = await make_report(tmp_path, ReportFormat.XLSX, count=3)
    async with httpx.AsyncClient() as client:
        await deliver(http_settings(receiver.url), report, client)
    book = openpyxl.load_workbook(io.BytesIO(receiver.uploads[0].content), read_only=True)
    values = list(book["Report"].iter_rows(values_only=True))
    book.close()
    assert [v[0] for v in values] == ["phononUUID", "uuid-0", "uuid-1", "uuid-2"]


async def test_http_delivery_retries_a_5xx_then_succeeds(
    tmp_path: Path, receiver: Receiver
) -> None:
    """A destination answering 503 then 200 gets the report on the retry."""
    receiver.statuses = [503, 502]
    report = await make_report(tmp_path, ReportFormat.CSV)
    async with httpx.AsyncClient() as client:
        await deliver(http_settings(receiver.url), report, client, backoff_seconds=0.01)
    assert receiver.hits == 3
    assert len(receiver.uploads) == 1


async def test_http_destination_down_is_a_retryable_error(tmp_path: Path, closed_port: int) -> None:
    """When nothing listens at the URL, delivery fails with a retryable error after its tries."""
    report = await make_report(tmp_path, ReportFormat.CSV)
    settings = http_settings(f"http://127.0.0.1:{closed_port}/upload")
    async with httpx.AsyncClient() as client:
        with pytest.raises(DeliveryError, match="could not connect") as caught:
            await deliver(settings, report, client, backoff_seconds=0.01)
    assert caught.value.retryable
    assert "3 tries" in caught.value.message


async def test_http_refusal_is_not_retried(tmp_path: Path, receiver: Receiver) -> None:
    """A 4xx refusal fails at once and is not retryable."""
    receiver.statuses = [403]
    report = await make_report(tmp_path, ReportFormat.CSV)
    async with httpx.AsyncClient() as client:
        with pytest.raises(DeliveryError, match="HTTP 403") as caught:
            await deliver(http_settings(receiver.url), report, client, backoff_seconds=0.01)
    assert not caught.value.retryable
    assert receiver.hits == 1


def mail_settings(port: int, **extra: object) -> ReportSettings:
    return ReportSettings.model_validate(
        {
            "destination": "email",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_security": "none",
            "email_from": "reports@flowhooks.example",
            "email_to": ["ops@example.com", "lead@example.com"],
            **extra,
        }
    )


def only_attachment(raw: bytes) -> tuple[str, str, bytes]:
    message = email.message_from_bytes(raw, policy=default_policy)
    assert isinstance(message, EmailMessage)
    (part,) = list(message.iter_attachments())
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return part.get_filename() or "", part.get_content_type(), payload


async def test_email_delivery_attaches_the_csv(tmp_path: Path, smtp_server: SmtpServer) -> None:
    """The e-mail reaches every recipient with the CSV attached and decodable."""
    report = await make_report(tmp_path, ReportFormat.CSV, count=4)
    async with httpx.AsyncClient() as client:
        where = await deliver(mail_settings(smtp_server.port), report, client)
    assert where == "e-mail to ops@example.com, lead@example.com"
    ((sender, recipients, raw),) = smtp_server.inbox.messages
    assert sender == "reports@flowhooks.example"
    assert recipients == ["ops@example.com", "lead@example.com"]
    assert b"Subject: flowhooks report rep_1 (4 rows)" in raw
    filename, content_type, payload = only_attachment(raw)
    assert (filename, content_type) == ("report.csv", "text/csv")
    lines = list(csv.reader(io.StringIO(payload.decode("utf-8"))))
    assert tuple(lines[0]) == HEADERS
    assert len(lines) == 5


async def test_email_delivery_attaches_the_xlsx(tmp_path: Path, smtp_server: SmtpServer) -> None:
    """An XLSX attachment decodes to a workbook with the report's rows."""
    report = await make_report(tmp_path, ReportFormat.XLSX, count=2)
    await deliver_email(mail_settings(smtp_server.port), report)
    ((_, _, raw),) = smtp_server.inbox.messages
    filename, content_type, payload = only_attachment(raw)
    assert filename == "report.xlsx"
    assert content_type == ReportFormat.XLSX.media_type
    book = openpyxl.load_workbook(io.BytesIO(payload), read_only=True)
    assert book["Report"].max_row == 3
    book.close()


async def test_smtp_server_down_is_a_retryable_error(tmp_path: Path, closed_port: int) -> None:
    """When the SMTP server cannot be reached the failure is retryable."""
    report = await make_report(tmp_path, ReportFormat.CSV)
    with pytest.raises(DeliveryError, match="could not be reached") as caught:
        await deliver_email(mail_settings(closed_port), report, backoff_seconds=0.01)
    assert caught.value.retryable


async def test_attachment_over_the_limit_is_not_mailed(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    """A report bigger than the e-mail limit fails without retry and is not sent."""
    report = await make_report(tmp_path, ReportFormat.CSV, count=20_000)
    with pytest.raises(DeliveryError, match="MB e-mail limit") as caught:
        await deliver_email(mail_settings(smtp_server.port, email_max_attachment_mb=1), report)
    assert not caught.value.retryable
    assert smtp_server.inbox.messages == []


def test_report_settings_defaults_are_valid() -> None:
    """Empty report settings are valid: nothing is delivered, only kept for download."""
    settings = ReportSettings.model_validate({})
    assert settings.destination == "none"
    assert settings.smtp_port == 587


def test_report_settings_need_a_complete_destination() -> None:
    """An http destination needs a URL and an e-mail destination its server and addresses."""
    with pytest.raises(ValidationError, match="needs http_url"):
        ReportSettings(destination="http")
    with pytest.raises(ValidationError, match="smtp_host, email_from, email_to"):
        ReportSettings(destination="email")
    with pytest.raises(ValidationError, match="absolute"):
        ReportSettings(destination="http", http_url="ftp://x")


def test_smtp_password_is_never_printed() -> None:
    """The SMTP password is a secret: not in the settings' repr or dump."""
    settings = mail_settings(25, smtp_password="hunter2")
    assert isinstance(settings.smtp_password, SecretStr)
    assert "hunter2" not in repr(settings)
    assert "hunter2" not in settings.model_dump_json()


async def test_error_messages_never_show_the_url_query(tmp_path: Path, closed_port: int) -> None:
    """A presigned URL's query (its signature) stays out of delivery errors."""
    report = await make_report(tmp_path, ReportFormat.CSV)
    url = f"http://user:pw@127.0.0.1:{closed_port}/upload?X-Amz-Signature=s3cr3t"
    async with httpx.AsyncClient() as client:
        with pytest.raises(DeliveryError) as caught:
            await deliver(http_settings(url, delivery_attempts=1), report, client)
    assert f"http://127.0.0.1:{closed_port}/upload" in caught.value.message
    assert "s3cr3t" not in caught.value.message
    assert "pw" not in caught.value.message
