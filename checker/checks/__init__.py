"""Built-in rule functions (registered with checker.engine.registry.register).

Each module holds the functions of one check; importing this package registers them all.
"""
from __future__ import annotations

import importlib
import pkgutil

for _mod in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_mod.name}")
