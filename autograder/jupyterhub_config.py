"""JupyterHub configuration of the local classroom (autograder/classroom.py starts the hub with it).

classroom.py runs the hub in the classroom's folder and tells it, in its environment, that folder
(CKPTLAB_CLASSROOM) and the ports. Each setting says what a real deployment would use instead.
"""
import hmac
import json
import os
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import SimpleLocalProcessSpawner

c = get_config()  # noqa: F821 (provided by traitlets when JupyterHub loads this file)

ROOT = Path(os.environ["CKPTLAB_CLASSROOM"])
REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ACCOUNTS = ROOT / "accounts.json"
INSTRUCTOR = "instructor"

# --- network: the hub and its proxy listen on this machine only ----------------------------------------
# (a deployment: the public address, behind TLS: c.JupyterHub.ssl_cert/ssl_key or a reverse proxy)
c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ['CKPTLAB_CLASSROOM_PORT']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ['CKPTLAB_CLASSROOM_HUB_PORT']}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['CKPTLAB_CLASSROOM_API_PORT']}"
c.ConfigurableHTTPProxy.command = [str(REPO / ".venv" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(ROOT / "jupyterhub-proxy.pid")
c.JupyterHub.pid_file = str(ROOT / "jupyterhub.pid")
c.JupyterHub.db_url = f"sqlite:///{ROOT / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(ROOT / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server
c.JupyterHub.cleanup_proxy = True


# --- accounts --------------------------------------------------------------------------------------------
class ClassroomAuthenticator(Authenticator):
    """The accounts of accounts.json, each with its own password (classroom.py makes them).

    A deployment: c.JupyterHub.authenticator_class = "pam" (the machine's accounts, with
    LocalProcessSpawner below) or an OAuthenticator for the school's log-in."""

    async def authenticate(self, handler, data):
        accounts = json.loads(ACCOUNTS.read_text())
        name, password = data.get("username", ""), data.get("password", "")
        if name in accounts and hmac.compare_digest(accounts[name].encode(), password.encode()):
            return name
        return None


c.JupyterHub.authenticator_class = ClassroomAuthenticator
c.Authenticator.allowed_users = set(json.loads(ACCOUNTS.read_text()))


# --- users' servers ------------------------------------------------------------------------------------------
# Every user's JupyterLab runs as the system user that started the hub, in ROOT/home/<name> (its HOME:
# nbgrader reads ~/.jupyter/nbgrader_config.py there). No isolation between users: a deployment uses
# c.JupyterHub.spawner_class = "localprocess" (a system user each) or DockerSpawner/KubeSpawner, with
# ROOT/exchange as a folder (volume) every user's server mounts.
c.JupyterHub.spawner_class = SimpleLocalProcessSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(ROOT / "home" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []  # containers and CI run as root
c.Spawner.default_url = "/lab"
c.Spawner.environment = {"CKPTLAB_CLASSROOM": str(ROOT), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
c.Spawner.env_keep = ["LANG", "LC_ALL", "VIRTUAL_ENV", "CKPTLAB_THREADS", "CKPTLAB_CELL_TIMEOUT",
                      "CKPTLAB_CASE_TIMEOUT"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
