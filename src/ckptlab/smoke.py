"""Check that the course's set-up works: `python -m ckptlab.smoke` (make lab runs it first).

Prints the versions, the device and thread count, finds the dataset, and trains one step.
Exits with status 1 and says what to do if something is missing.
"""
import platform
import sys
import time
from importlib.metadata import PackageNotFoundError, version


def main():
    start = time.perf_counter()
    print(f"Python      {platform.python_version()} ({sys.executable})")
    for package in ("torch", "torchvision", "jupyterlab", "nbgrader", "matplotlib"):
        try:
            print(f"{package:<11} {version(package)}")
        except PackageNotFoundError:
            print(f"{package:<11} MISSING: run 'make lab' (or pip install -e .) to install the course's packages")
            return 1
    import torch

    import ckptlab

    device = ckptlab.pick_device()
    gpu = f" ({torch.cuda.get_device_name(0)})" if device == "cuda" else " (no GPU found: the course runs on the CPU)"
    print(f"device      {device}{gpu}")
    print(f"threads     {torch.get_num_threads()} (set CKPTLAB_THREADS to change)")
    try:
        sizes = {split: len(ckptlab.get_dataset("digits", split)) for split in ("train", "val", "test")}
    except FileNotFoundError as err:
        print(f"dataset     MISSING: {err}")
        return 1
    print(f"dataset     digits, embedded: {sizes}")
    model = ckptlab.SmallCNN().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    loss = ckptlab.train_steps(model, optimizer, ckptlab.fixed_batches(1), device)[0]
    print(f"training    one step on {device}: loss {loss:.3f}")
    print(f"set-up OK in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
