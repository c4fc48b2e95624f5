"""The HTTP door: create_app, the front table answered before FastAPI, the REST routes and the
console. It translates requests into core calls and errors into status codes, nothing more."""
