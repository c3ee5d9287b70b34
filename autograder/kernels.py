"""Grading kernels forked from the checks' fork server, which imported torch once.

A fresh kernel pays about 3.5 s importing torch and torch._dynamo (which torch loads on the first
optimizer step) before a notebook's first cell is done; grading runs one kernel per submission. The
fork server (autograder/driver.py) has those modules imported already and forks a process that
becomes the kernel as `python -m ipykernel_launcher` would: in the folder and with the environment
jupyter_client prepared, sys.argv and sys.path as that command gets them, then IPython's kernel app.
The notebook's cells then run as written, as in any kernel: the set-up cell's imports find the
modules loaded. nbgrader's executor uses these kernels through GradingKernelManager
(autograder/safeguards.py sets it), for Autograde and Validate alike; other commands start kernels
as usual.
"""
import asyncio
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from forkserver import TMP, fork


class ForkedKernelProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernel process comes from the fork server (for `python -m
    ipykernel_launcher` commands of this interpreter; any other command is started as usual)."""

    async def launch_kernel(self, cmd, **kwargs):
        if cmd[:3] != [sys.executable, "-m", "ipykernel_launcher"]:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = kwargs.get("cwd") or "."
        env = dict(kwargs.get("env") or {})
        home = Path(tempfile.mkdtemp(prefix="ckptlab-kernel-", dir=TMP))
        # IPython's settings and start-up files from a folder of its own, not the grader's home, where
        # an earlier submission could have left a start-up file for every later kernel
        env["IPYTHONDIR"] = str(home / "ipython")
        self.home = home
        self.process = await asyncio.to_thread(fork, cwd, env, home / "kernel.log", None, cmd[3:])
        self.pid = self.pgid = self.process.pid  # it leads its own process group: signals reach what it starts
        self.cwd = cwd
        return self.connection_info

    async def cleanup(self, restart=False):
        await super().cleanup(restart)
        if not restart and getattr(self, "home", None):
            shutil.rmtree(self.home, ignore_errors=True)


class GradingKernelManager(AsyncKernelManager):
    """The kernel manager of grading: its kernels are forked (ForkedKernelProvisioner)."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkedKernelProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                       parent=self)
        return await super()._async_pre_start_kernel(**kw)
