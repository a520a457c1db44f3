"""Loads a peer library's scheduler files as modules, without running its package's __init__
(which would import the rest of the library). Shared by the peer_reference*.py scripts."""
import importlib.util
import os
import sys
import types


def load(package, directory, modules):
    """Loads modules of `package` from `directory`; returns them by name."""
    parts = package.split(".")
    for i in range(1, len(parts) + 1):
        name = ".".join(parts[:i])
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [directory] if i == len(parts) else []
            sys.modules[name] = module
    loaded = {}
    for module in modules:
        spec = importlib.util.spec_from_file_location(f"{package}.{module}", os.path.join(directory, f"{module}.py"))
        loaded[module] = importlib.util.module_from_spec(spec)
        sys.modules[f"{package}.{module}"] = loaded[module]
        spec.loader.exec_module(loaded[module])
    return loaded
