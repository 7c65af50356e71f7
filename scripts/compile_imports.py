"""Byte-compile the packages a build imports, once, where Python would not keep them.

    python scripts/compile_imports.py

Where PYTHONDONTWRITEBYTECODE is set (as on this project's machines), Python keeps no compiled
module on disk and compiles the 430 modules a build imports from source in every run: 0.7 s
of every `maagal build`, every `maagal` a test starts, every benchmark row. It still reads the
compiled modules it finds. This compiles every package the build imports (the installed ones
and Maagal's own `src/`), skipping what is up to date: after the first run, under a second. The
Makefile runs it before each of its commands, since `src/` changes between them.

It also compiles the site's templates ahead (`compile_templates`): a build of the repository's
own site, when Maagal's code changed since the last.
"""

from __future__ import annotations

import compileall
import importlib
import site
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_packages() -> list[Path]:
    """The folders (or single-file modules) of the top-level packages the build imports,
    among the installed ones and the project's own."""
    importlib.import_module("maagal.commands.cli")
    from maagal.plugin.language_build import preload_engine

    preload_engine(cache_keys=True)
    places = [Path(p).resolve() for p in (*site.getsitepackages(), ROOT / "src")]
    places.append(Path(sysconfig.get_paths()["purelib"]).resolve())
    found: set[Path] = set()
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if "." in name or not file:
            continue
        path = Path(file).resolve()
        target = path.parent if path.name == "__init__.py" else path
        if any(place in target.parents for place in places):
            found.add(target)
    return sorted(found)


def compile_templates() -> bool:
    """Build the repository's own site (one language, no cache, no print editions) and keep
    the templates it compiled beside the installed code (`plugin/template_cache.py`), unless
    those kept are this code's already."""
    from maagal.plugin import template_cache
    from maagal.plugin.language_build import run_mkdocs_build
    from maagal.run.options import RunOptions

    if template_cache.installed_current():
        return True
    with tempfile.TemporaryDirectory() as scratch:
        options = RunOptions(editions=False, use_cache=False, ci=True)
        config = str(ROOT / "mkdocs.yml")
        built = run_mkdocs_build(config, "he", str(Path(scratch, "site")), None, options)
    if built.problems or built.content:
        print("the templates were not compiled ahead: the site did not build", file=sys.stderr)
        return True  # every build compiles them, as it would have: slower, not wrong
    template_cache.save_installed()
    return True


def main() -> int:
    ok = True
    for target in imported_packages():
        if target.is_dir():
            ok &= bool(compileall.compile_dir(target, quiet=2))
        elif target.suffix == ".py":
            ok &= bool(compileall.compile_file(target, quiet=2))
    ok &= compile_templates()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
