"""scripts/steps.sh, which the scripts source: one timed line per step, and uv trusting
the system's certificates where pip does (behind a proxy that re-signs TLS)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import TEMPLATE_DIR, clean_env, run_ok

STEPS = TEMPLATE_DIR / "scripts/steps.sh"
SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
CERTIFICATE_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "UV_SYSTEM_CERTS", "UV_NATIVE_TLS")


def bash(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` after sourcing steps.sh, with none of the certificate settings."""
    base = {name: value for name, value in clean_env().items() if name not in CERTIFICATE_VARIABLES}
    return subprocess.run(
        ["bash", "-c", f'set -euo pipefail; source "{STEPS}"; {script}'],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_step_is_one_line_with_its_time() -> None:
    result = bash("step 'say hello' echo hello; step 'wait' sleep 1")

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"==> say hello \.\.\. \d+\.\d s\n==> wait \.\.\. [1-9]\.\d s\n", result.stdout
    )


def test_a_failed_step_shows_its_output_and_stops_the_script() -> None:
    result = bash("step 'break' bash -c 'echo why it broke; exit 3'; echo not reached")

    assert result.returncode == 3
    failed = r"==> break \.\.\. failed after \d+\.\d s \(exit 3\):\nwhy it broke\n"
    assert re.fullmatch(failed, result.stdout)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "1 1"),
        ({"SSL_CERT_FILE": str(SYSTEM_BUNDLE)}, "- -"),  # uv reads the bundle itself
        ({"SSL_CERT_DIR": str(SYSTEM_BUNDLE.parent)}, "- -"),  # and the directory
        ({"UV_SYSTEM_CERTS": "0"}, "0 -"),  # told already
    ],
)
def test_uv_is_told_to_read_the_system_store_unless_told_otherwise(
    env: dict[str, str], expected: str
) -> None:
    shown = 'echo "${UV_SYSTEM_CERTS:--} ${UV_NATIVE_TLS:--}"'
    result = bash(f"uv_trusts_the_system_store; {shown}", **env)

    assert result.stdout.strip() == expected


@pytest.fixture
def reissuing_proxy(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTPS package index on 127.0.0.1 with a certificate from a CA of its own, as
    a TLS-inspecting proxy would present: its URL, and the system bundle plus that CA."""
    openssl = shutil.which("openssl")
    if openssl is None or not SYSTEM_BUNDLE.is_file():
        pytest.skip("needs openssl and the system bundle at " + str(SYSTEM_BUNDLE))
    make_certificates(openssl, tmp_path)
    index = tmp_path / "index/simple/nothing"
    index.mkdir(parents=True)
    (index / "index.html").write_text("<html><body></body></html>", encoding="utf-8")
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "index")
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(SYSTEM_BUNDLE.read_bytes() + (tmp_path / "ca.pem").read_bytes())
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/simple/", bundle
    finally:
        server.shutdown()
        server.server_close()


def make_certificates(openssl: str, directory: Path) -> None:
    """ca.pem, and server.pem/server.key for 127.0.0.1 signed by it."""
    commands = [
        "req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1"
        " -subj /CN=Inspecting-Proxy-CA -addext basicConstraints=critical,CA:TRUE"
        " -addext keyUsage=critical,keyCertSign,cRLSign",
        "req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1",
        "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem"
        " -days 1 -extfile server.ext",
    ]
    (directory / "server.ext").write_text(
        "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", encoding="utf-8"
    )
    for command in commands:
        run_ok([openssl, *command.split()], directory)


def test_uv_works_behind_a_reissuing_proxy_where_pip_does(
    reissuing_proxy: tuple[str, Path], tmp_path: Path
) -> None:
    """The proxy's CA is in the system store and SSL_CERT_FILE is unset, as on a company
    laptop: pip reaches the index, uv does once steps.sh has told it to read that store."""
    index_url, bundle = reissuing_proxy
    venv = tmp_path / "venv"
    run_ok([sys.executable, "-m", "uv", "venv", "--quiet", venv], tmp_path)
    pip = f"{sys.executable} -m pip download --no-cache-dir -d downloads"
    uv = f"{sys.executable} -m uv pip install --no-cache --dry-run --python {venv}/bin/python"
    request = f"--index-url {index_url} nothing"

    pip_result = behind_the_proxy(bundle, f"{pip} {request}", tmp_path)
    uv_alone = behind_the_proxy(bundle, f"{uv} {request}", tmp_path)
    uv_told = behind_the_proxy(bundle, f"uv_trusts_the_system_store && {uv} {request}", tmp_path)

    assert "No matching distribution found for nothing" in pip_result.stderr, pip_result.stderr
    assert "invalid peer certificate: UnknownIssuer" in uv_alone.stderr, uv_alone.stderr
    assert "there are no versions of nothing" in uv_told.stderr, uv_told.stderr


def behind_the_proxy(bundle: Path, command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` (steps.sh sourced) in a mount namespace of its own where the system
    bundle also holds the proxy's CA, with no certificate setting in the environment."""
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False).returncode:
        pytest.skip("needs a mount namespace of its own (root)")
    script = f'mount --bind "{bundle}" "{SYSTEM_BUNDLE}" && source "{STEPS}" && {command}'
    unset = {*CERTIFICATE_VARIABLES, "PIP_CERT", "NIX_SSL_CERT_FILE"}
    env = {name: value for name, value in clean_env().items() if name not in unset}
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "bash", "-c", script],
        cwd=cwd,
        env=env | {"PIP_CONFIG_FILE": os.devnull},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
