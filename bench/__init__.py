"""flowhooks benchmarks: a command (bench/run.py) that drives a running server with wrk.

Not a test suite: it starts real server processes, measures them against a bare endpoint
on the same stack in the same run, and prints ratios (see docs/benchmarks.md).
"""
