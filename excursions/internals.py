"""Reaching into another library's internals, checked: the installed versions are the ones
the code was written for, and the source of every function it relies on is unchanged (a
fingerprint). Serve mode's private patches (excursions.serve.patches) and the map's direct
use of streamlit-folium's component (excursions.ui.map_widget) are held to it alike."""

from __future__ import annotations

import hashlib
import importlib
import inspect
from collections.abc import Mapping
from importlib import metadata
from typing import Any

from packaging.specifiers import SpecifierSet


def resolve(path: str) -> Any:
    """The object at "module:qualname"."""
    module, _, qualname = path.partition(":")
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def fingerprint(path: str) -> str:
    """First 16 hex digits of the SHA-256 of the target's source: changes with any edit,
    signature included."""
    try:
        source = inspect.getsource(resolve(path))
    except (ImportError, AttributeError, OSError, TypeError) as exc:
        return f"unavailable ({type(exc).__name__})"
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def installed(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def mismatch(requires: Mapping[str, str], targets: Mapping[str, str]) -> str:
    """Why internals written for these versions and sources cannot be trusted here; empty
    when they can."""
    for dist, spec in requires.items():
        version = installed(dist)
        if version is None or version not in SpecifierSet(spec):
            return f"{dist} {version or 'missing'} is not in the tested range {spec}"
    for path, expected in targets.items():
        seen = fingerprint(path)
        if seen != expected:
            return f"{path} has changed (fingerprint {seen}, written for {expected})"
    return ""
