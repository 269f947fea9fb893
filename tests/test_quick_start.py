"""The README's Quick start, as a new user runs it: its two commands, read out of
README.md, in a fresh copy of this working tree with no venv and with empty pip and uv
caches. The bake command runs until /healthz answers on 127.0.0.1 and is then stopped
by its process group; the test command runs on one test that needs what it installs
(the fresh-venv install, offline from uv's cache). In the README's order, and in the
other order in another copy, the first command running again at the end. And the test
command repairs the .venv that the old Quick start used to leave."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import TEMPLATE_DIR, clean_env, run_ok
from tests.served import JsonClient, free_port, wait_until_healthy

README = TEMPLATE_DIR / "README.md"
QUICK_START = re.compile(r"^## Quick start\n(.*?)^## ", re.MULTILINE | re.DOTALL)
BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
README_PORT = "--port 5000"
# What the test command gets, as a user would add it: one test that needs the wheels in
# uv's cache, which only the test command puts there.
NARROW_SELECTION = "tests/test_fresh_venv.py"
# Installing the bake and its dev tools from an empty pip cache takes about a minute.
SERVE_TIMEOUT_SECONDS = 600


def quick_start_commands() -> tuple[str, str]:
    """The first two commands of the README's Quick start: bake and serve, then test."""
    section = QUICK_START.search(README.read_text(encoding="utf-8"))
    assert section is not None, "README.md has no Quick start section"
    bake_and_serve, test, *_ = BASH_BLOCK.findall(section.group(1))
    return bake_and_serve.strip(), test.strip()


def fresh_copy(destination: Path) -> Path:
    """This working tree as a clone would hold it (uncommitted work included, ignored
    files such as .venv left out), in a new git repository."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        check=True,
    )
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = TEMPLATE_DIR / name
        if source.is_file():  # a file deleted but not yet committed is listed too
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            target.chmod(source.stat().st_mode)
    run_ok(["git", "init", "--quiet"], destination)
    return destination


def new_user_env(tmp_path: Path, uv_cache: Path) -> dict[str, str]:
    """A shell on a machine that has neither a venv active nor anything in its caches."""
    env = clean_env(
        UV_CACHE_DIR=str(uv_cache),
        PIP_CACHE_DIR=str(tmp_path / "pip-cache"),
        TMPDIR=str(tmp_path / "tmp"),
    )
    for name in ("PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV", "MYPY_CACHE_DIR"):
        env.pop(name, None)
    paths = env["PATH"].split(os.pathsep)
    env["PATH"] = os.pathsep.join(path for path in paths if not is_venv_bin(Path(path)))
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return env


def is_venv_bin(path: Path) -> bool:
    return (path.parent / "pyvenv.cfg").is_file()


def remove_venvs_and_caches(tmp_path: Path) -> None:
    """A few GB per test, which pytest would keep for three sessions."""
    for path in tmp_path.iterdir():
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def serving(command: str, clone: Path, env: dict[str, str], log: Path) -> Iterator[None]:
    """Run the bake-and-serve command until its server answers /healthz; then stop its
    whole process group (the shell, pip's leftovers, the server) by the shell's PID."""
    port = free_port()
    assert README_PORT in command
    with log.open("wb") as output:
        shell = subprocess.Popen(
            ["bash", "-c", command.replace(README_PORT, f"--port {port}")],
            cwd=clone,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        client = JsonClient(f"http://127.0.0.1:{port}")
        wait_until_healthy(client, shell, log, timeout=SERVE_TIMEOUT_SECONDS)
        yield
    finally:
        os.killpg(shell.pid, signal.SIGTERM)
        shell.wait(timeout=30)


def run_the_tests(command: str, clone: Path, env: dict[str, str]) -> None:
    result = run_ok(["bash", "-c", f"{command} {NARROW_SELECTION}"], clone, env)
    assert re.search(r"^==> mypy \(strict\) \.\.\. \d+\.\d s$", result.stdout, re.MULTILINE)
    assert result.stdout.rstrip().splitlines()[-1].startswith("=")
    assert re.search(r"\b1 passed\b", result.stdout), result.stdout[-4000:]


@pytest.mark.slow
@pytest.mark.parametrize("order", ["as the README gives them", "test command first"])
def test_the_quick_start_commands_work_in_either_order_and_again(
    order: str, tmp_path: Path
) -> None:
    bake_and_serve, test = quick_start_commands()
    clone = fresh_copy(tmp_path / "clone")
    env = new_user_env(tmp_path, tmp_path / "uv-cache")
    serve_logs = iter(tmp_path / f"serve-{number}.log" for number in range(3))

    def bake() -> None:
        with serving(bake_and_serve, clone, env, next(serve_logs)):
            pass

    def check() -> None:
        run_the_tests(test, clone, env)

    steps = [bake, check, bake] if order == "as the README gives them" else [check, bake, check]
    try:
        for step in steps:
            step()
        assert not (clone / "my_flask_api").exists(), "the bake command baked inside the clone"
    finally:
        remove_venvs_and_caches(tmp_path)


@pytest.mark.slow
def test_the_test_command_repairs_a_venv_that_pip_made(tmp_path: Path) -> None:
    """What the old Quick start left: .venv made by pip, with cookiecutter and its
    dependencies in it, which uv then skips and so never caches."""
    _, test = quick_start_commands()
    clone = fresh_copy(tmp_path / "clone")
    env = new_user_env(tmp_path, tmp_path / "uv-cache")
    run_ok(["python3", "-m", "venv", ".venv"], clone, env)
    run_ok([".venv/bin/python", "-m", "pip", "install", "cookiecutter"], clone, env)

    try:
        result = run_ok(["bash", "-c", f"{test} --collect-only -q {NARROW_SELECTION}"], clone, env)
    finally:
        remove_venvs_and_caches(tmp_path)

    assert "==> uv: does its cache hold every wheel? ... no, " in result.stdout
    assert re.search(r"^==> uv: its cache holds every wheel now \.\.\. \d", result.stdout, re.M)
