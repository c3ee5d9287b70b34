"""Start JupyterLab on the course: `python -m ckptlab.lab` (what `make lab` runs).

The server listens on 127.0.0.1 only, with a token, and does not open a browser (click the URL it
prints). nbgrader's extensions find the course's configuration in autograder/.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LAB_SETTINGS = {
    # Do not ask about fetching JupyterLab news or checking for updates: the course runs offline.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def write_lab_settings(prefix=sys.prefix):
    """Install the course's JupyterLab defaults as the environment's settings overrides."""
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(LAB_SETTINGS, indent=2) + "\n")
    return path


def lab_command(port=8888, token=None, root=REPO):
    """The command line and environment that start the course's JupyterLab server on `root`."""
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.root_dir={root}"]
    if token:  # tests choose one; otherwise the server makes one and prints the address with it
        cmd.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (str(REPO / "autograder"), env.get("JUPYTER_CONFIG_PATH")) if p)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return cmd, env


def main(argv=None):
    parser = argparse.ArgumentParser(description="Start JupyterLab on the ckptlab course.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("CKPTLAB_PORT", 8888)))
    args = parser.parse_args(argv)
    from . import smoke

    if smoke.main() != 0:
        return 1
    write_lab_settings()
    cmd, env = lab_command(args.port)
    print("Starting JupyterLab on the course; open the http://127.0.0.1:...?token=... address it prints.",
          flush=True)
    return subprocess.call(cmd, cwd=REPO, env=env)


if __name__ == "__main__":
    sys.exit(main())
