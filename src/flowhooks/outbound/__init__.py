"""Outbound calls started later: intake, scheduling, dispatch to a dialer, results."""
