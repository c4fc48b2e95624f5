"""The admin console's routes under /admin, gathered in one router for create_app."""

from __future__ import annotations

from fastapi import APIRouter

from flowhooks.console import (
    account_routes,
    auth_routes,
    contact_routes,
    invocation_routes,
    method_routes,
)

router = APIRouter()
router.include_router(auth_routes.router)
router.include_router(invocation_routes.router)
router.include_router(method_routes.router)
router.include_router(account_routes.router)
router.include_router(contact_routes.router)
