"""Fixtures of the fault tests: a private PostgreSQL cluster per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.system.faults.private_postgres import PrivateCluster, make_cluster, remove_cluster


@pytest.fixture
def private_cluster() -> Iterator[PrivateCluster]:
    """A started private cluster, stopped and deleted after the test (skipped without
    PostgreSQL's server binaries, failed instead under CI=true)."""
    cluster = make_cluster()
    try:
        cluster.start()
        yield cluster
    finally:
        remove_cluster(cluster)
