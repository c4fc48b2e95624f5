"""The admin console under /admin: server-rendered pages on the same core services as the
admin API and the CLI (accounts.service, calls.handle, the store), with their templates and
static files beside them."""
