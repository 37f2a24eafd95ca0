"""The offline bundle (`make bundle`) installs into a new virtualenv with the network switched off, and the
installed lvzhi has its translations and the collected static files.

Run by `make test-bundle` (CI: .ci/run), which builds the bundle first and points LVZHI_BUNDLE at it;
skipped elsewhere, so the suite never builds wheels."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bundle
BUNDLE = Path(os.environ["LVZHI_BUNDLE"]).resolve() if os.environ.get("LVZHI_BUNDLE") else None


def offline(argv: list[str]) -> list[str]:
    """Run in a network namespace of its own, with no interface but loopback (down): nothing is reachable."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"], check=False).returncode:
        pytest.skip("unshare -n is not available (needs root or user namespaces)")
    return ["unshare", "-n", *argv]


@pytest.mark.skipif(
    BUNDLE is None, reason="no bundle given (make test-bundle builds one and sets LVZHI_BUNDLE)"
)
def test_bundle_installs_with_the_network_off(tmp_path: Path) -> None:
    assert BUNDLE is not None
    assert (BUNDLE / "wheels").is_dir()
    home = tmp_path / "home"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("LVZHI_", "DJANGO_", "PIP_", "VIRTUAL_ENV"))
    }
    # The network really is off: even PyPI's name does not resolve in the namespace.
    probe = subprocess.run(
        offline([sys.executable, "-c", "import socket; socket.getaddrinfo('pypi.org', 443)"]),
        capture_output=True,
        check=False,
    )
    assert probe.returncode != 0

    done = subprocess.run(
        offline(["sh", str(BUNDLE / "install-bundle.sh"), str(tmp_path), str(home)]),
        env={**env, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lvzhi = tmp_path / "venv" / "bin" / "lvzhi"
    assert lvzhi.exists()

    site = subprocess.run(
        [
            str(tmp_path / "venv" / "bin" / "python"),
            "-c",
            "import lvzhi, pathlib; print(pathlib.Path(lvzhi.__file__).parent)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    package = Path(site)
    assert "site-packages" in str(package)  # installed from the wheel, not this checkout
    assert (package / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.mo").exists()
    assert (package / "static" / "vendor" / "bootstrap" / "bootstrap.min.css").exists()
    assert (home / "static" / "staticfiles.json").exists()  # collected, with hashed names
    assert any((home / "static" / "vendor" / "echarts").glob("echarts.min.*.js"))

    production = {
        **env,
        "DJANGO_SETTINGS_MODULE": "lvzhi.config.settings.production",
        "LVZHI_HOME": str(home),
        "LVZHI_SECRET_KEY": base64.urlsafe_b64encode(os.urandom(40)).decode(),
        "LVZHI_FIELD_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "LVZHI_ALLOWED_HOSTS": "lvzhi.example.org",
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
    }
    check = subprocess.run(
        offline([str(lvzhi), "check", "--deploy", "--fail-level", "WARNING"]),
        env=production,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
