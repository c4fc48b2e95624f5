"""Dialer adapters: how an attempt reaches the system that actually places the call."""
