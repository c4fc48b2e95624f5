"""The REST API, one module per area (accounts, agents, flows, outbound, short links, ...)."""
