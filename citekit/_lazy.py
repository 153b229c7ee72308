"""Lazy public APIs (PEP 562), one mechanism for every package that re-exports names.

A package lists ``name -> defining module`` and calls :func:`lazy_exports`; a name's module is
imported on first use, so ``import citekit`` (and ``citekit --help``) stay light. ``call=`` makes
the package itself callable, for packages named like their main function (``citekit.resolve``,
``citekit.check``): once any submodule is imported Python binds the package, not the function,
under that name in ``citekit``, and both must work.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


def lazy_exports(package: str, exports: dict[str, str], *, cache: bool = True, call: str | None = None) -> None:
    """Give module ``package`` a ``__getattr__`` / ``__dir__`` serving ``exports`` lazily.

    ``cache`` stores a value in the module once loaded (leave it off where an export shares its
    name with a submodule); ``call`` (``"module:function"``) makes the module callable.
    """
    module = sys.modules[package]

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(target), name)
        if cache:
            setattr(module, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(getattr(module, "__all__", exports)))

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    module.__dir__ = __dir__  # type: ignore[method-assign]
    if call is not None:
        target_module, _, function = call.partition(":")

        class _CallablePackage(types.ModuleType):
            def __call__(self, *args: Any, **options: Any) -> Any:
                return getattr(importlib.import_module(target_module), function)(*args, **options)

        _CallablePackage.__doc__ = f"The package, callable as {target_module}.{function}."
        module.__class__ = _CallablePackage
