"""The layers keep their places: what may import what, no import circles, and MkDocs' private
API reached only through one adapter that names what a new MkDocs release took away.

The rules are checked on the source (every `import` statement, in functions too), so a
function-level import cannot hide a dependency.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "maagal"
STDLIB = sys.stdlib_module_names


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports (absolute names), type-checking-only imports included."""
    module = _module_name(path) if path.is_relative_to(SRC) else path.stem
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            # `from maagal import urls` imports the module maagal.addresses.urls
            found |= {f"{base}.{alias.name}" for alias in node.names if _is_module(base, alias)}
    return found


def _is_module(base: str, alias: ast.alias) -> bool:
    candidate = SRC.joinpath(*base.split("."), alias.name)
    return candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file()


MODULES = {_module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")}


def _internal(imports: set[str]) -> set[str]:
    # `from maagal import x` names the package too; its __init__ is empty and imports nothing.
    return {name for name in imports if name in MODULES and name != "maagal"}


# The layers, in the order they may import each other: a module imports its own layer and the
# layers before it, never one after. The README's architecture table lists the same folders in
# the same order (checked below), so the folders are the architecture.
LAYERS = (
    "model",
    "run",
    "text",
    "addresses",
    "cache",
    "load",
    "importing",
    "views",
    "outputs",
    "editions",
    "plugin",
    "commands",
)
ENGINE_PACKAGES = ("mkdocs", "material")


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def _layer_offences(modules: dict[str, set[str]]) -> dict[str, list[str]]:
    """Per module: what puts it outside the layering (a loose module, an import from a later
    layer)."""
    found: dict[str, list[str]] = {}
    for module, imports in modules.items():
        if module == "maagal":
            continue
        layer = _layer(module)
        if layer is None:
            found[module] = ["not in a layer's folder"]
            continue
        rank = LAYERS.index(layer)
        later = sorted(
            name for name in _internal(imports) if LAYERS.index(_layer(name) or "commands") > rank
        )
        if later:
            found[module] = later
    return found


def test_every_module_sits_in_a_layer_and_imports_only_its_own_and_earlier_ones() -> None:
    assert _layer_offences(MODULES) == {}


def test_the_layer_rule_catches_a_loose_module_and_an_upward_import() -> None:
    planted = {
        "maagal.helpers": set(),
        "maagal.views.cards": {"maagal.editions.cards"},
        "maagal.load.reading": {"maagal.model.site", "maagal.run.errors"},
    }
    modules = {**planted, "maagal.editions.cards": set(), "maagal.model.site": set()}
    modules["maagal.run.errors"] = set()
    assert _layer_offences(modules) == {
        "maagal.helpers": ["not in a layer's folder"],
        "maagal.views.cards": ["maagal.editions.cards"],
    }


def test_the_readme_table_lists_the_layers_in_their_order() -> None:
    readme = (SRC.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Architecture", 1)[1].split("\n\n| layer", 1)[1].split("\n\n")[0]
    folders = [
        row.split("`src/maagal/", 1)[1].split("/`", 1)[0]
        for row in table.splitlines()
        if "`src/maagal/" in row
    ]
    assert folders == list(LAYERS)
    on_disk = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert on_disk == set(LAYERS)


def test_the_model_imports_only_the_standard_library_and_itself() -> None:
    offenders = {
        module: sorted(
            name
            for name in imports
            if not name.startswith("maagal.model") and name.split(".")[0] not in STDLIB
        )
        for module, imports in MODULES.items()
        if module.startswith("maagal.model")
    }
    assert {m: names for m, names in offenders.items() if names} == {}


def _engine_uses(path: Path) -> list[str]:
    """Where `path` reaches MkDocs or Material: an import (also by a name in a string, as
    `importlib` and entry points take it)."""
    uses = [
        f"imports {name}"
        for name in sorted(_imports(path))
        if name.split(".")[0] in ENGINE_PACKAGES
    ]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        text = node.value if isinstance(node, ast.Constant) else None
        if isinstance(text, str) and _names_engine_module(text):
            uses.append(f"names {node.value!r} (line {node.lineno})")
    return uses


def _names_engine_module(text: str) -> bool:
    head, _, rest = text.partition(".")
    if head not in ENGINE_PACKAGES or not rest.split(".")[0].isidentifier():
        return False
    return importlib.util.find_spec(f"{head}.{rest.split('.')[0]}") is not None


def test_only_the_glue_uses_mkdocs_and_material() -> None:
    offenders = {
        _module_name(path): uses
        for path in PACKAGE.rglob("*.py")
        if _layer(_module_name(path)) != "plugin" and (uses := _engine_uses(path))
    }
    assert offenders == {}


def test_the_engine_rule_catches_an_import_by_name(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('import importlib\nimportlib.import_module("mkdocs.commands.build")\n')
    assert _engine_uses(planted) == ["names 'mkdocs.commands.build' (line 2)"]


def _private_uses(path: Path) -> list[str]:
    """Underscore names of another library's objects: `obj._name` (obj not self, cls or a
    standard-library module), `getattr(obj, "_name")`, `from lib import _name`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    stdlib_aliases = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.split(".")[0] in STDLIB
    }
    own = {"self", "cls", "super"} | stdlib_aliases
    uses = []
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            base = node.value.func if isinstance(node.value, ast.Call) else node.value
            if not (isinstance(base, ast.Name) and base.id in own):
                name = node.attr
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in _ATTRIBUTE_CALLS:
            arg = node.args[1] if len(node.args) > 1 else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                name = arg.value if _is_private(arg.value) else None
        elif isinstance(node, ast.ImportFrom) and not (node.module or "").startswith("maagal"):
            name = next((a.name for a in node.names if _is_private(a.name)), None)
        if name:
            uses.append(f"{name} (line {node.lineno})")
    return sorted(uses, key=lambda use: int(use.split("line ")[1].rstrip(")")))


_ATTRIBUTE_CALLS = ("getattr", "hasattr", "setattr", "delattr")


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# The only modules that may reach another library's private names, each for one library.
ADAPTERS = {
    "maagal.plugin.engine": "MkDocs' private functions and live-reload server",
    "maagal.plugin.page_render": "the four processors MkDocs' Page.render registers per page",
    "maagal.run.processes": "the process pool's workers (public only from Python 3.14)",
    "maagal.load.parse_checks": "how Python-Markdown's table processor splits a row into cells",
}


def test_private_names_of_other_libraries_appear_only_in_the_adapters() -> None:
    users = {_module_name(path) for path in PACKAGE.rglob("*.py") if _private_uses(path)}
    assert users == set(ADAPTERS)


def test_the_private_rule_catches_each_way_of_reaching_a_private_name(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import os\n"
        "from mkdocs.commands.build import _build_page\n"
        "server._epoch_cond.notify()\n"
        'getattr(server, "_wanted_epoch")\n'
        "os._exit(0)\n"
        "self._own = 1\n"
    )
    assert _private_uses(planted) == [
        "_build_page (line 2)",
        "_epoch_cond (line 3)",
        "_wanted_epoch (line 4)",
    ]


def test_no_module_imports_itself_through_others() -> None:
    graph = {module: _internal(imports) - {module} for module, imports in MODULES.items()}
    # A package's __init__ importing its own modules is no circle; none here does.
    circles = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


@pytest.mark.slow
def test_importing_the_model_loads_neither_the_loader_nor_its_libraries() -> None:
    code = (
        "import sys, maagal.model.site, maagal.model.documents, maagal.model.when, "
        "maagal.model.layout; "
        "print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('pydantic', 'yaml', 'click', 'mkdocs', 'markdown', 'jinja2') "
        "or m.startswith('maagal.load')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_installed_mkdocs_has_everything_the_adapter_borrows() -> None:
    from maagal.plugin.engine import missing_private_api

    assert missing_private_api() == []


def test_the_adapter_names_what_a_new_mkdocs_took_away(monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.commands.build
    import mkdocs.livereload

    from maagal.plugin import engine
    from maagal.run.errors import MaagalError

    monkeypatch.delattr(mkdocs.commands.build, "_populate_page")
    original_init = mkdocs.livereload.LiveReloadServer.__init__

    def init_without_epochs(self, *args, **kwargs) -> None:
        original_init(self, *args, **kwargs)
        del self._epoch_cond

    monkeypatch.setattr(mkdocs.livereload.LiveReloadServer, "__init__", init_without_epochs)
    assert engine.missing_private_api() == [
        "mkdocs.commands.build._populate_page",
        "mkdocs.livereload.LiveReloadServer()._epoch_cond",
    ]
    with pytest.raises(MaagalError) as failure:
        engine.require_private_api()
    message = failure.value.format_message()
    assert "mkdocs.commands.build._populate_page" in message
    assert "LiveReloadServer()._epoch_cond" in message
    assert "src/maagal/plugin/engine.py" in message


def test_the_adapter_names_a_changed_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.commands.build

    from maagal.plugin import engine

    def _build_page(page, config, files, nav, env):  # 'doc_files' renamed
        return None

    monkeypatch.setattr(mkdocs.commands.build, "_build_page", _build_page)
    assert engine.missing_private_api() == [
        "mkdocs.commands.build._build_page(page, config, doc_files, nav, env)"
    ]


def _environment_uses(path: Path) -> list[str]:
    """Where `path` reads or writes the process environment (`os.environ`, `os.getenv`,
    `os.putenv`, `from os import environ`)."""
    uses = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "os" and node.attr in ("environ", "getenv", "putenv", "unsetenv"):
                uses.append(f"os.{node.attr} (line {node.lineno})")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            uses += [f"os.{a.name} (line {node.lineno})" for a in node.names if "env" in a.name]
    return uses


def test_only_the_run_options_read_the_environment() -> None:
    readers = {
        _module_name(path): uses
        for path in PACKAGE.rglob("*.py")
        if (uses := _environment_uses(path))
    }
    assert set(readers) == {"maagal.run.options"}, readers


def test_the_environment_rule_catches_a_read_and_a_write(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("import os\nfrom os import environ\nos.environ['X'] = '1'\nos.getenv('Y')\n")
    assert sorted(_environment_uses(planted)) == [
        "os.environ (line 2)",
        "os.environ (line 3)",
        "os.getenv (line 4)",
    ]


MAX_FUNCTION_LINES = 40


def _long_functions(path: Path) -> list[tuple[str, str]]:
    """(`module:name`, `module:line name (N lines)`) for each function or method of `path`
    longer than the limit, counted from its `def` to its last line: decorators left out,
    docstring in."""
    module = _module_name(path) if path.is_relative_to(SRC) else path.stem
    return [
        (f"{module}:{node.name}", f"{module}:{node.lineno} {node.name} ({lines} lines)")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (lines := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_FUNCTION_LINES
    ]


def test_no_function_is_longer_than_forty_lines() -> None:
    found = [shown for path in sorted(PACKAGE.rglob("*.py")) for _, shown in _long_functions(path)]
    assert found == []


def test_the_length_rule_counts_from_def_to_the_last_line(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    body = "".join(f"    x = {n}\n" for n in range(39))
    planted.write_text(
        f"@decorator\ndef fits():\n{body}\n\nclass Page:\n    def too_long(self):\n"
        f'        """Docstring."""\n{body.replace("    ", "        ")}'
    )
    assert _long_functions(planted) == [("planted:too_long", "planted:45 too_long (41 lines)")]
