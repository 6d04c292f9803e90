"""Stable digests of JSON-able values (dates, models, dataclasses and paths included)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def fingerprint(*parts: object) -> str:
    """A stable digest of JSON-able parts (dates and other objects as their str)."""
    data = json.dumps(parts, sort_keys=True, default=_default, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def _default(value: object) -> object:
    key = getattr(value, "fingerprint_key", None)
    if key is not None:
        return key
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        return {k: getattr(value, k) for k in value.__dataclass_fields__}
    if isinstance(value, Path):
        return value.as_posix()
    return str(value)
