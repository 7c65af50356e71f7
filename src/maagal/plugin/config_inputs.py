"""What a site's MkDocs configuration loads, named for the build cache's page keys.

A page is rendered by more than mkdocs.yml's bytes say: the plugins and Markdown extensions
it loads (their code), the modules its `!!python/name:` tags import (a fence's formatter), its
`hooks:` files, the files it inherits from (`INHERIT:`), and the environment variables it reads
(`!ENV`). `config_inputs` names each of them as text for the shared part of every page's key
(`page_cache.py`): code by the version of the distribution that installs it, or by its files
when it is the site's own (`build_cache.module_stamp`); a hooks or inherited file by its
bytes; an `!ENV` by its value. What cannot be named so (no version and no file) is returned
apart: the cache is then not used.
"""

from __future__ import annotations

import functools
import os
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader

from maagal.cache.build_cache import files_stamp, module_stamp

PYTHON_TAG = "tag:yaml.org,2002:python/"  # `!!python/name:…`: PyYAML imports a module


def config_inputs(config: MkDocsConfig) -> tuple[list[str], list[str]]:
    """(what identifies everything the configuration loads, what it loads that cannot be
    identified: a page kept from another build could then have been rendered by other code)."""
    parts: list[str] = []
    unknown: list[str] = []
    if config.config_file_path:
        try:
            files, env, named = _config_files(Path(config.config_file_path))
            parts += [*files_stamp(files), *env]
            for module in named:  # `!!python/name:module.function` (a fence's formatter)
                _identify(f"the module '{module}'", module, parts, unknown)
        except (OSError, yaml.YAMLError) as error:
            unknown.append(f"{Path(config.config_file_path).name} ({error})")
    else:
        unknown.append("the configuration (not read from a file)")
    for name, plugin in config.plugins.items():
        if not isinstance(plugin, ModuleType):  # a hooks file: below
            _identify(f"the plugin '{name}'", type(plugin).__module__, parts, unknown)
    # MkDocs types `hooks` as a list of modules; its validation makes it {name: module}.
    hooks: dict[str, ModuleType] = config.hooks  # type: ignore[assignment]
    for name, hook in hooks.items():
        stamp = _hook_stamp(getattr(hook, "__file__", None) or "")
        if stamp is None:
            unknown.append(f"the hooks file '{name}'")
        else:
            parts.append(stamp)
    for extension in config.markdown_extensions:
        what = f"the Markdown extension '{extension}'"
        _identify(what, _extension_module(extension), parts, unknown)
    return parts, unknown


def _identify(what: str, module: str, parts: list[str], unknown: list[str]) -> None:
    stamp = module_stamp(module)
    if stamp is None:
        unknown.append(what)
    else:
        parts.append(f"{module} {stamp}")


@functools.cache
def _hook_stamp(path: str) -> str | None:
    """A hooks file's bytes as this process first saw them: MkDocs loads a hooks file once per
    process (`maagal serve`'s builds run the code they loaded first), as Python imports a
    module once (`module_stamp` is kept as long)."""
    file = Path(path)
    return files_stamp([file])[0] if path and file.is_file() else None


def _config_files(path: Path) -> tuple[list[Path], list[str], list[str]]:
    """mkdocs.yml and the files it inherits from, read as MkDocs reads them; the values of the
    `!ENV` variables they read, in order; the modules their `!!python/...` tags name."""
    base = get_yaml_loader()
    env: list[str] = []
    named: list[str] = []

    def recording(loader: Any, node: Any) -> Any:
        value = base.yaml_constructors["!ENV"](loader, node)
        env.append(f"!ENV {value!r}")  # the variable's name is in the file's bytes
        return value

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.add_constructor("!ENV", recording)
    Loader.add_constructor("!relative", lambda loader, node: node.value)
    for prefix, construct in base.yaml_multi_constructors.items():
        if prefix.startswith(PYTHON_TAG):
            Loader.add_multi_constructor(prefix, _naming(construct, prefix, named))
    files: list[Path] = []
    while path not in files:
        files.append(path)
        with path.open("rb") as source:
            data = yaml.load(source, Loader=Loader)  # MkDocs' own loader, as it reads it
        parent = data.get("INHERIT") if isinstance(data, dict) else None
        if not isinstance(parent, str):
            break
        path = Path(os.path.normpath(path.parent / parent))
    return files, env, named


def _naming(construct: Any, prefix: str, named: list[str]) -> Any:
    """`construct`, which also notes the module that a `!!python/...:suffix` tag imports."""

    def constructing(loader: Any, suffix: str, node: Any) -> Any:
        module = suffix if prefix.endswith("module:") else suffix.rpartition(".")[0]
        named.append(module or "builtins")
        return construct(loader, suffix, node)

    return constructing


def _extension_module(extension: Any) -> str:
    """The module a Markdown extension comes from, found as Python-Markdown finds it: a name
    its distribution registers ('toc'), else a module path ('pymdownx.superfences',
    'module:Class'); an extension object (a plugin may add one): its class's module."""
    if not isinstance(extension, str):
        return type(extension).__module__
    return _registered_extensions().get(extension) or extension.partition(":")[0]


@functools.cache
def _registered_extensions() -> dict[str, str]:
    return {ep.name: ep.module for ep in entry_points(group="markdown.extensions")}
