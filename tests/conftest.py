import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def _no_store_env(monkeypatch):
    # tests never touch a developer's store by accident
    monkeypatch.delenv("NARCOKG_STORE", raising=False)
    os.environ.setdefault("NARCOKG_LOCK_TIMEOUT", "10")
