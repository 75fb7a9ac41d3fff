"""Loaders: each reads one data file from ``demo/data/`` and writes it through the product's
models and services, idempotently and without randomness."""

from pathlib import Path
from typing import Any

import yaml

from demo import accounts

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read(name: str) -> Any:
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def email_of(person: dict) -> str:
    """A data file's person, ``{account: anna}`` or ``{coordinator: opolskie}``, as an e-mail."""
    if "account" in person:
        return accounts.BY_NAME[person["account"]]
    return accounts.coordinator_email(person["coordinator"])
