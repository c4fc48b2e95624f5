"""Deliver a report by e-mail: one message with the file attached, sent with aiosmtplib.

`smtp_security` picks the transport: `starttls` (port 587, the default), `tls` (implicit
TLS, port 465) or `none` (a relay on a trusted network). A connection failure, a timeout
or a 4xx (temporary) SMTP answer is retried with exponential backoff and then reported as
a retryable DeliveryError; a 5xx answer (bad recipient, refused login) is permanent. A file
larger than `email_max_attachment_mb` is not mailed: most mail servers refuse 25 MB and
more, and the file stays downloadable from `GET /api/v1/reports/{id}`.
"""

from __future__ import annotations

import asyncio
from email.message import EmailMessage

import aiosmtplib

from flowhooks.reports.delivery import DeliveryError, ReportFile
from flowhooks.reports.settings import ReportSettings


def build_message(settings: ReportSettings, report: ReportFile, content: bytes) -> EmailMessage:
    """The e-mail: a short text body and the report attached under its file name."""
    assert settings.email_from is not None
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = ", ".join(settings.email_to)
    message["Subject"] = f"flowhooks report {report.report_id} ({report.rows} rows)"
    message.set_content(
        f"Report {report.report_id} is attached as {report.filename}: {report.rows} rows.\n"
    )
    maintype, _, subtype = report.media_type.partition(";")[0].strip().partition("/")
    message.add_attachment(content, maintype=maintype, subtype=subtype, filename=report.filename)
    return message


async def deliver_email(
    settings: ReportSettings, report: ReportFile, *, backoff_seconds: float = 1.0
) -> None:
    """Mail the report to `settings.email_to`, retrying while the server is unreachable."""
    if not settings.smtp_host or not settings.email_from or not settings.email_to:
        raise DeliveryError(
            "e-mail delivery needs smtp_host, email_from and email_to", retryable=False
        )
    limit = settings.email_max_attachment_mb * 1024 * 1024
    size = report.path.stat().st_size
    if size > limit:
        raise DeliveryError(
            f"the report is {size // 1024} KB, over the {settings.email_max_attachment_mb} MB"
            " e-mail limit; download it from the reports API",
            retryable=False,
        )
    content = await asyncio.to_thread(report.path.read_bytes)
    message = build_message(settings, report, content)
    last = "not tried"
    for attempt in range(settings.delivery_attempts):
        if attempt:
            await asyncio.sleep(backoff_seconds * 2 ** (attempt - 1))
        try:
            await _send_once(settings, message)
        except aiosmtplib.SMTPResponseException as exc:
            last = f"answered {exc.code} {exc.message}"
            if exc.code >= 500:
                raise DeliveryError(f"{settings.smtp_host} {last}", retryable=False) from exc
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(
                f"{settings.smtp_host} refused every recipient", retryable=False
            ) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            last = f"could not be reached: {exc.__class__.__name__}"
        else:
            return
    raise DeliveryError(
        f"{settings.smtp_host}:{settings.smtp_port} {last} ({settings.delivery_attempts} tries)",
        retryable=True,
    )


async def _send_once(settings: ReportSettings, message: EmailMessage) -> None:
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user,
        password=password,
        use_tls=settings.smtp_security == "tls",
        start_tls=settings.smtp_security == "starttls",
        timeout=settings.smtp_timeout_seconds,
    )
