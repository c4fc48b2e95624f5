"""The admin console's routes, gathered in one router for create_app: the pages under
/admin, and the browser-facing paths outside it (/favicon.ico, GET /webhook, /docs)."""

from __future__ import annotations

from fastapi import APIRouter

from flowhooks.http.console import accounts as account_routes
from flowhooks.http.console import api_docs, invocation_page, webhook_help
from flowhooks.http.console import assets as asset_routes
from flowhooks.http.console import contacts as contact_routes
from flowhooks.http.console import invocations as invocation_routes
from flowhooks.http.console import login as auth_routes
from flowhooks.http.console import methods as method_routes

router = APIRouter()
router.include_router(asset_routes.router)
router.include_router(auth_routes.router)
router.include_router(invocation_routes.router)
router.include_router(invocation_page.router)
router.include_router(method_routes.router)
router.include_router(account_routes.router)
router.include_router(contact_routes.router)
router.include_router(webhook_help.router)
router.include_router(api_docs.router)
