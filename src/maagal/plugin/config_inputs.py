"""What a site's MkDocs configuration loads, named for the build cache's page keys.

A page is rendered by more than mkdocs.yml's bytes say: the plugins and Markdown extensions
it loads (their code), its `hooks:` files, the files it inherits from (`INHERIT:`), and the
environment variables it reads (`!ENV`). `config_inputs` names each of them as text for the
shared part of every page's key (`page_cache.py`): a plugin or extension by the version of
the distribution that installs it, or by its files when it is the site's own
(`build_cache.module_stamp`); a hooks or inherited file by its bytes; an `!ENV` by its value.
What cannot be named so (no version and no file) is returned apart: the cache is then not used.
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


def config_inputs(config: MkDocsConfig) -> tuple[list[str], list[str]]:
    """(what identifies everything the configuration loads, what it loads that cannot be
    identified: a page kept from another build could then have been rendered by other code)."""
    parts: list[str] = []
    unknown: list[str] = []
    if config.config_file_path:
        try:
            files, env = _config_files(Path(config.config_file_path))
            parts += [*files_stamp(files), *env]
        except (OSError, yaml.YAMLError) as error:
            unknown.append(f"{Path(config.config_file_path).name} ({error})")
    else:
        unknown.append("the configuration (not read from a file)")
    for name, plugin in config.plugins.items():
        if not isinstance(plugin, ModuleType):  # a hooks file: below
            _identify(f"the plugin '{name}'", type(plugin).__module__, parts, unknown)
    for name, hook in config.hooks.items():
        path = Path(getattr(hook, "__file__", None) or "")
        if path.is_file():
            parts += files_stamp([path])
        else:
            unknown.append(f"the hooks file '{name}'")
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


def _config_files(path: Path) -> tuple[list[Path], list[str]]:
    """mkdocs.yml and the files it inherits from, read as MkDocs reads them, and the values
    of the `!ENV` variables they read, in order."""
    base = get_yaml_loader()
    read_env = base.yaml_constructors["!ENV"]
    env: list[str] = []

    def recording(loader: Any, node: Any) -> Any:
        value = read_env(loader, node)
        env.append(f"!ENV {value!r}")  # the variable's name is in the file's bytes
        return value

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.add_constructor("!ENV", recording)
    Loader.add_constructor("!relative", lambda loader, node: node.value)
    files: list[Path] = []
    while path not in files:
        files.append(path)
        with path.open("rb") as source:
            data = yaml.load(source, Loader=Loader)  # MkDocs' own loader, as it reads it
        parent = data.get("INHERIT") if isinstance(data, dict) else None
        if not isinstance(parent, str):
            break
        path = Path(os.path.normpath(path.parent / parent))
    return files, env


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
