"""`maagal` commands for the tests, each in a fresh process forked from one that has imported
Maagal, MkDocs and Material once.

Starting Python and importing the engine costs about a second per command, and the suite runs
hundreds of them. A server process (one per pytest worker) imports everything once and forks a
child per command: the child sets its working folder, environment, arguments and standard
streams, runs the command line's `main` as `python -m maagal.commands.cli` would, and exits
with its code. What a test sees (exit code, output, files) is what a new process gives; only
the imports are shared. A command whose environment changes how Python itself starts
(`PYTHONPATH` and the like) runs as a real new process instead (`conftest.run_maagal`).

Protocol, one JSON line each way: {"args", "cwd", "env", "out", "err"} → {"pid"}, then
{"code"} when the child has ended (a negative code is the signal that ended it).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path


def _child(request: dict) -> None:
    """Become the command: never returns."""
    code = 1
    try:
        os.setsid()  # its own process group: a timeout kills the command and its workers
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        for fd, path in ((1, request["out"]), (2, request["err"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["maagal", *request["args"]]
        sys.path[0] = request["cwd"]  # as `python -m` puts the working folder first
        from maagal.commands.cli import main

        try:
            main()
            code = 0
        except SystemExit as done:  # as the interpreter reads it at the end of `python -m`
            if done.code is None or isinstance(done.code, int):
                code = done.code or 0
            else:
                print(done.code, file=sys.stderr)
                code = 1
        atexit._run_exitfuncs()
    except BaseException:  # printed as Python would print it, then the exit code 1
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a closed stream has nothing left to say
                stream.flush()
        os._exit(code)


def _compile_templates(project: str) -> None:
    """Build the small site at `project` (one language, in a child) and keep the templates it
    compiled, so that every command's build starts with them, as a second build in one process
    of `maagal serve` does (`maagal/plugin/template_cache.py`: a template is taken again only
    for the same file, source and Jinja settings). The site is left as it was."""
    from maagal.plugin import template_cache
    from maagal.plugin.language_build import run_mkdocs_build
    from maagal.run.options import RunOptions

    with tempfile.TemporaryDirectory() as scratch:
        handed = Path(scratch, "compiled")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                for fd in (1, 2):  # the server's standard output is its replies
                    os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
                options = RunOptions(editions=False, use_cache=False)
                config = str(Path(project, "mkdocs.yml"))
                result = run_mkdocs_build(config, "he", str(Path(scratch, "site")), None, options)
                if not (result.problems or result.content):
                    handed.write_bytes(template_cache.exported())
                    code = 0
            finally:
                os._exit(code)
        os.waitpid(pid, 0)
        if handed.exists():
            template_cache.take(handed.read_bytes())
        shutil.rmtree(project, ignore_errors=True)


def serve(warm_up: str | None = None) -> None:
    from maagal.commands import cli  # noqa: F401 - imported once, for every command
    from maagal.plugin.language_build import preload_engine

    preload_engine(cache_keys=True)  # as `maagal build` does before forking its languages
    if warm_up:
        _compile_templates(warm_up)
    replies = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        replies.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        replies.write(json.dumps({"pid": pid}) + "\n")
        replies.flush()
        _, status = os.waitpid(pid, 0)
        replies.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}) + "\n")
        replies.flush()


if __name__ == "__main__":
    serve(sys.argv[1] if len(sys.argv) > 1 else None)
