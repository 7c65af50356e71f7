"""The layers keep their places: what may import what, no import circles, and MkDocs' private
API reached only through one adapter that names what a new MkDocs release took away.

The rules are checked on the source (every `import` statement, in functions too), so a
function-level import cannot hide a dependency.
"""

from __future__ import annotations

import ast
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
    module = _module_name(path)
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
            # `from maagal import urls` imports the module maagal.urls
            found |= {f"{base}.{alias.name}" for alias in node.names if _is_module(base, alias)}
    return found


def _is_module(base: str, alias: ast.alias) -> bool:
    candidate = SRC.joinpath(*base.split("."), alias.name)
    return candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file()


MODULES = {_module_name(path): _imports(path) for path in PACKAGE.rglob("*.py")}


def _internal(imports: set[str]) -> set[str]:
    # `from maagal import x` names the package too; its __init__ is empty and imports nothing.
    return {name for name in imports if name in MODULES and name != "maagal"}


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


def test_the_loader_builds_the_model_and_knows_nothing_above_it() -> None:
    allowed = ("maagal.model", "maagal.load", "maagal.errors", "maagal.links", "maagal.urls")
    allowed += ("maagal.skeletons",)  # the placeholders a document must not keep
    offenders = {
        module: sorted(name for name in _internal(imports) if not name.startswith(allowed))
        for module, imports in MODULES.items()
        if module.startswith("maagal.load")
    }
    assert {m: names for m, names in offenders.items() if names} == {}


VIEWS = (
    "maagal.views",
    "maagal.event_views",
    "maagal.pages",
    "maagal.page_context",
    "maagal.feeds",
    "maagal.calendars",
    "maagal.email",
    "maagal.search_index",
    "maagal.editions",
    "maagal.browser",
)


def test_views_and_outputs_know_nothing_of_the_glue_the_commands_or_the_import() -> None:
    below = ("maagal.plugin", "maagal.commands", "maagal.importing", "maagal.cli")
    offenders = {
        module: sorted(name for name in _internal(imports) if name.startswith(below))
        for module, imports in MODULES.items()
        if module.startswith(VIEWS)
    }
    assert {m: names for m, names in offenders.items() if names} == {}


def test_the_import_writes_the_content_contract_and_nothing_else() -> None:
    allowed = (
        "maagal.importing",
        "maagal.model",
        "maagal.load",
        "maagal.errors",
        "maagal.skeletons",
        "maagal.settings",
        "maagal.urls",
        "maagal.links",
    )
    offenders = {
        module: sorted(name for name in _internal(imports) if not name.startswith(allowed))
        for module, imports in MODULES.items()
        if module.startswith("maagal.importing")
    }
    assert {m: names for m, names in offenders.items() if names} == {}


def test_only_the_glue_imports_mkdocs_and_material() -> None:
    offenders = sorted(
        module
        for module, imports in MODULES.items()
        if not module.startswith("maagal.plugin")
        and any(name.split(".")[0] in ("mkdocs", "material") for name in imports)
    )
    assert offenders == []


def test_private_mkdocs_names_appear_only_in_the_adapter() -> None:
    private = ("_build_page", "_populate_page", "_timestamp", "_rebuild_cond", "_want_rebuild")
    private += ("_epoch_cond", "_watch_refs", "_watched_paths", "_wanted_epoch")
    private += ("_inject_js_into_html",)
    users = sorted(
        _module_name(path)
        for path in PACKAGE.rglob("*.py")
        if any(name in path.read_text(encoding="utf-8") for name in private)
    )
    assert users == ["maagal.plugin.engine"]


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

    from maagal.errors import MaagalError
    from maagal.plugin import engine

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
