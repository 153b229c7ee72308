"""Lazy public APIs (PEP 562), one mechanism for every package that re-exports names.

A package lists ``name -> defining module`` and calls :func:`lazy_exports`; a name's module is
imported on first use, so ``import citekit`` (and ``citekit --help``) stay light.

One name, one object. ``citekit.check`` and ``citekit.resolve`` are functions whose names are
also those of sub-packages; Python's import system binds a sub-package on its parent as soon as
anything inside it is imported (``setattr(citekit, "check", <module citekit.check>)``), which
made ``citekit.check`` a function or a module depending on import order. The module class
installed here refuses exactly that rebinding: an exported name keeps its exported object, always.
The sub-packages stay importable by their full names (``from citekit.check import Report``).
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings
from typing import Any


def lazy_exports(package: str, exports: dict[str, str], *, cache: bool = True,
                 deprecated: dict[str, tuple[str, str]] | None = None) -> None:
    """Give module ``package`` a ``__getattr__`` / ``__dir__`` serving ``exports`` lazily.

    ``cache`` stores a value in the module once loaded. An exported name that is also the name of
    a sub-module keeps the exported object: the import system cannot rebind it to the sub-module.
    ``deprecated`` maps old names to ``(module, current name)``: served with a
    :class:`DeprecationWarning`, never listed by ``dir()``.
    """
    module = sys.modules[package]
    old_names = deprecated or {}

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None and name in old_names:
            where, new = old_names[name]
            warnings.warn(f"{package}.{name} is deprecated; use {package}.{new}", DeprecationWarning, stacklevel=2)
            return getattr(importlib.import_module(where), new)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(target), name)
        if cache:
            object.__setattr__(module, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(getattr(module, "__all__", exports)))

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    module.__dir__ = __dir__  # type: ignore[method-assign]

    class _Exports(types.ModuleType):
        def __setattr__(self, name: str, value: Any) -> None:
            if (name in exports and isinstance(value, types.ModuleType)
                    and value.__name__ == f"{package}.{name}" and exports[name] != value.__name__):
                # the import system binding a sub-package over an exported function: refused, so the
                # name keeps serving the export (resolved lazily by __getattr__ above)
                return
            object.__setattr__(self, name, value)

    _Exports.__doc__ = module.__doc__
    module.__class__ = _Exports
