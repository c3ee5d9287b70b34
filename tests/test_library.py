"""Unit tests of the course library (src/ckptlab)."""
import os
import subprocess
import sys
import urllib.error

import matplotlib
import pytest
import torch
import torchvision

matplotlib.use("Agg")

import ckptlab  # noqa: E402
from ckptlab import (SmallCNN, assert_same_state, evaluate, first_difference, fixed_batches,  # noqa: E402
                     get_dataset, get_loaders, param_names, plot_resume, running_mean, train_epochs,
                     train_one_epoch, train_steps)
from ckptlab.data import Digits  # noqa: E402


# --- data -----------------------------------------------------------------------------------------

def test_digits_splits_are_fixed_and_stratified():
    sizes = {split: len(Digits(split=split)) for split in ("train", "val", "test")}
    assert sizes == {"train": 1078, "val": 359, "test": 360}
    for split in ("train", "val", "test"):
        counts = torch.bincount(Digits(split=split).targets, minlength=10).float()
        assert counts.min() / counts.max() > 0.9, f"{split} is not balanced: {counts.tolist()}"


def test_digits_is_a_dataset_with_normalised_images():
    ds = get_dataset("digits", "train")
    assert isinstance(ds, torch.utils.data.Dataset) and ds.root and ds.transform is None
    image, label = ds[0]
    assert image.shape == (1, 8, 8) and image.dtype == torch.float32 and isinstance(label, int)
    images = torch.stack([ds[i][0] for i in range(len(ds))])
    assert abs(images.mean().item()) < 0.05 and abs(images.std().item() - 1) < 0.05


def test_pre_transform_runs_once_and_transform_per_item():
    seen = []
    ds = Digits(split="val", pre_transform=lambda images: images.float() * 2,
                transform=lambda image: seen.append(image.shape) or image + 1)
    assert ds.images.dtype == torch.float32 and len(seen) == 0
    image, _ = ds[0]
    assert torch.equal(image, Digits(split="val").images[0].float() * 2 + 1) and seen == [(1, 8, 8)]


def test_missing_data_file_says_how_to_restore_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="git checkout -- data/digits.npz"):
        Digits(root=tmp_path)


def test_unknown_split_and_dataset_are_refused():
    with pytest.raises(ValueError, match="split must be one of"):
        Digits(split="validation")
    with pytest.raises(ValueError, match="choose 'digits'"):
        get_dataset("mnist-ish")


def test_offline_download_names_the_embedded_default(monkeypatch, tmp_path):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(torchvision.datasets.FashionMNIST, "__init__", offline)
    with pytest.raises(RuntimeError, match=r"get_dataset\('digits'\)"):
        get_dataset("fashionmnist", root=tmp_path)


def test_importing_the_course_does_not_import_torchvision_or_matplotlib():
    # 2.5 s and 0.5 s of every process that imports it (kernels, the autograder's checks).
    code = "import sys, ckptlab; print(sorted({'torchvision', 'matplotlib'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_digits_augmentation_draws_like_torchvision():
    # RandomShift and Normalize stand in for torchvision's RandomCrop(8, padding=1), ToDtype and
    # Normalize: the same random draws and the same bits, without importing torchvision.
    from torchvision.transforms import v2

    from ckptlab.data import DIGITS_MEAN, DIGITS_STD, RandomShift, digits_transform

    raw = Digits(split="val").images
    expected = v2.Compose([v2.ToDtype(torch.float32), v2.Normalize([16 * DIGITS_MEAN], [16 * DIGITS_STD])])(raw)
    assert torch.equal(digits_transform()(raw), expected)
    outputs = []
    for shift in (v2.RandomCrop(8, padding=1), RandomShift(1)):
        torch.manual_seed(3)
        outputs.append((torch.stack([shift(image) for image in expected[:200]]), torch.get_rng_state()))
    assert torch.equal(outputs[0][0], outputs[1][0]) and torch.equal(outputs[0][1], outputs[1][1])


def test_loaders_shuffle_only_training_data():
    train, val, test = get_loaders()
    assert isinstance(train.sampler, torch.utils.data.RandomSampler)
    assert isinstance(val.sampler, torch.utils.data.SequentialSampler)
    assert train.num_workers == 0


# --- model and training ---------------------------------------------------------------------------

def test_small_cnn_reaches_90_percent_in_a_few_epochs():
    train, _, test = get_loaders()
    ckptlab.seed_everything(0)
    model = SmallCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(4):
        loss = train_one_epoch(model, optimizer, train)
    assert isinstance(loss, float)
    test_loss, accuracy = evaluate(model, test)
    assert accuracy >= 0.9, f"test accuracy {accuracy:.3f}"


def test_small_cnn_has_buffers_and_fits_other_image_sizes():
    model = SmallCNN(in_channels=3)
    assert any("running_mean" in name for name, _ in model.named_buffers())
    assert model(torch.zeros(2, 3, 32, 32)).shape == (2, 10)
    assert SmallCNN()(torch.zeros(2, 1, 28, 28)).shape == (2, 10)


def test_train_epochs_is_repeatable_and_records_every_step():
    train, _, _ = get_loaders()
    runs = []
    for _ in range(2):
        ckptlab.seed_everything(0)
        model = SmallCNN()
        losses = train_epochs(model, torch.optim.SGD(model.parameters(), lr=0.1), train, 0, 2)
        runs.append((losses, model))
    assert len(runs[0][0]) == 2 * len(train)
    assert runs[0][0] == runs[1][0]
    assert first_difference(runs[0][1], runs[1][1]) is None


def test_progress_bars_are_quiet_while_grading(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert ckptlab.grading() and ckptlab.train.quiet()
    model = SmallCNN()
    train_one_epoch(model, torch.optim.SGD(model.parameters(), lr=0.1), fixed_batches(2))
    assert capsys.readouterr().err == ""


def test_device_and_threads_are_chosen_on_purpose(monkeypatch):
    assert ckptlab.pick_device() == ("cuda" if torch.cuda.is_available() else "cpu")
    assert ckptlab.THREADS == 1 and torch.get_num_threads() == 1
    monkeypatch.setenv("CKPTLAB_THREADS", "2")
    assert ckptlab.set_threads() == 2
    ckptlab.set_threads(1)


def test_make_run_seeds_itself_and_uses_only_the_global_rngs():
    import random

    import numpy as np

    model, optimizer, scheduler, loader = ckptlab.make_run()
    first = (random.random(), float(np.random.rand()), torch.rand(1).item())
    ckptlab.make_run()
    assert (random.random(), float(np.random.rand()), torch.rand(1).item()) == first, "make_run must reseed"
    assert loader.num_workers == 0 and loader.generator is None and loader.sampler.generator is None
    assert any(isinstance(m, torch.nn.Dropout) for m in model.modules())
    assert isinstance(scheduler, torch.optim.lr_scheduler.CosineAnnealingLR)
    assert isinstance(optimizer, torch.optim.Adam)


def test_augmentation_draws_from_python_numpy_and_torch():
    import random

    import numpy as np

    augment = ckptlab.digits_augmentation()
    image = torch.randn(1, 8, 8, generator=torch.Generator().manual_seed(0))
    outputs = []
    for reseed in (lambda: None, lambda: random.seed(1), lambda: np.random.seed(1), lambda: torch.manual_seed(1)):
        random.seed(0), np.random.seed(0), torch.manual_seed(0)
        reseed()
        outputs.append(torch.stack([augment(image) for _ in range(20)]))
    assert all(not torch.equal(outputs[0], other) for other in outputs[1:]), "each RNG must matter"


# --- state comparison -----------------------------------------------------------------------------

def trained_adam(seed=0):
    torch.manual_seed(seed)
    model = SmallCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    train_steps(model, optimizer, fixed_batches(2))
    return model, optimizer


def test_identical_states_have_no_difference():
    model, optimizer = trained_adam()
    assert first_difference(model, model) is None
    assert first_difference(optimizer.state_dict(), optimizer.state_dict()) is None
    assert_same_state({"a": [1, 2.0, float("nan")]}, {"a": (1, 2.0, float("nan"))})


def test_missing_optimizer_state_names_the_parameter():
    model, optimizer = trained_adam()
    fresh = torch.optim.Adam(SmallCNN().parameters(), lr=1e-3)
    diff = first_difference(optimizer, fresh, "optimizer", names=param_names(model, optimizer))
    assert diff == "optimizer['state'][0] (features.0.weight) is missing"


def test_differing_tensor_is_named_with_its_meaning():
    model, optimizer = trained_adam()
    other = optimizer.state_dict()
    other = {"state": {k: dict(v) for k, v in other["state"].items()}, "param_groups": other["param_groups"]}
    other["state"][3]["exp_avg_sq"] = other["state"][3]["exp_avg_sq"] + 1
    diff = first_difference(optimizer, other, "optimizer", names=param_names(model, optimizer))
    assert diff.startswith("optimizer['state'][3]['exp_avg_sq'] (features.3.weight) differs in")
    assert "second moment" in diff


def test_first_differing_model_entry_and_hint():
    a, _ = trained_adam(0)
    b, _ = trained_adam(0)
    with torch.no_grad():
        b.features[1].running_mean.add_(1)
    with pytest.raises(AssertionError, match=r"model\['features.1.running_mean'\] differs .* Check buffers"):
        assert_same_state(a, b, "model", hint="Check buffers.")


def test_plain_value_differences():
    assert first_difference({"lr": 0.1}, {"lr": 0.01}, "g") == "g['lr'] is 0.01, expected 0.1: the learning rate"
    assert "has shape (3,)" in first_difference({"t": torch.zeros(2)}, {"t": torch.zeros(3)})
    assert "(str), expected 3 (int)" in first_difference({"n": 3}, {"n": "3"})
    assert "should not be" in first_difference({}, {"extra": 1})
    assert "is 4.0, expected 3.0" in first_difference({"step": torch.tensor(3.0)}, {"step": torch.tensor(4.0)})


# --- plots ----------------------------------------------------------------------------------------

def test_running_mean():
    assert running_mean([1, 3, 5, 7], 2) == [1, 2, 4, 6]


def test_plot_best_marks_the_best_epoch_and_levels():
    ax = ckptlab.plot_best([0.5, 0.9, 0.7], best_epoch=1, levels={"kept": 0.7})
    line, star, level = ax.get_lines()
    assert list(star.get_xdata()) == [1] and list(star.get_ydata()) == [0.9]
    assert list(level.get_ydata()) == [0.7, 0.7] and "kept: 0.700" in [t.get_text() for t in ax.get_legend().texts]


def test_plot_resume_marks_the_resume_point():
    ax = plot_resume([3, 2, 1, 0.5], [1.5, 1.2], resume_at=2, window=2)
    uninterrupted, resumed, marker = ax.get_lines()
    assert list(resumed.get_xdata()) == [2, 3]
    assert list(marker.get_xdata()) == [2, 2]
    assert ax.get_legend() is not None and "mean of 2" in ax.get_ylabel()


# --- lab launcher ---------------------------------------------------------------------------------

def test_lab_command_is_local_tokened_and_headless(tmp_path):
    from ckptlab.lab import lab_command, write_lab_settings

    cmd, env = lab_command(port=9999, token="abc")
    assert "--no-browser" in cmd and "--ip=127.0.0.1" in cmd and "--port=9999" in cmd
    assert "--IdentityProvider.token=abc" in cmd
    assert not any("token" in arg for arg in lab_command()[0]), "without a token the server makes and prints one"
    assert env["JUPYTER_CONFIG_PATH"].split(":")[0].endswith("autograder")
    assert '"fetchNews": "false"' in write_lab_settings(tmp_path).read_text()


# --- CPU or GPU ------------------------------------------------------------------------------------
# The CUDA tests run where CUDA is (scripts/gpu_check.sh on a GPU machine); elsewhere pytest reports
# each one as skipped, with this reason.
needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(),
                                reason="needs CUDA: run scripts/gpu_check.sh on a machine with a GPU")


def test_misplaced_state_names_the_tensor_on_the_wrong_device():
    model = SmallCNN()
    optimizer = torch.optim.Adam(model.parameters())
    train_steps(model, optimizer, fixed_batches(1))
    assert ckptlab.misplaced_state(optimizer) is None  # Adam's scalar step on the CPU is as torch keeps it
    first = next(iter(model.parameters()))
    optimizer.state[first]["exp_avg"] = torch.empty_like(first, device="meta")
    assert ckptlab.misplaced_state(optimizer) == "state['exp_avg'] of a parameter on cpu is on meta"


def test_pick_device_makes_cuda_deterministic():
    device = ckptlab.pick_device()
    assert os.environ.get("CUBLAS_WORKSPACE_CONFIG") == ":4096:8"  # set at import, before any cuBLAS call
    if device == "cuda":
        assert torch.are_deterministic_algorithms_enabled() and torch.backends.cudnn.deterministic


@needs_cuda
def test_cuda_training_is_bitwise_repeatable():
    ckptlab.pick_device()
    runs = []
    for _ in range(2):
        torch.manual_seed(0)
        model = SmallCNN().to("cuda")
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        losses = train_steps(model, optimizer, fixed_batches(3), "cuda")
        runs.append((losses, model, optimizer))
    assert runs[0][0] == runs[1][0]
    assert first_difference(runs[0][1], runs[1][1]) is None
    assert first_difference(runs[0][2], runs[1][2]) is None


@needs_cuda
@pytest.mark.parametrize("save_on, load_on", [("cuda", "cpu"), ("cpu", "cuda")])
def test_cuda_checkpoints_move_between_devices(tmp_path, save_on, load_on):
    torch.manual_seed(0)
    model = SmallCNN().to(save_on)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    train_steps(model, optimizer, fixed_batches(2), save_on)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, tmp_path / "c.pt")
    checkpoint = torch.load(tmp_path / "c.pt", map_location=load_on, weights_only=True)
    new_model = SmallCNN().to(load_on)
    new_optimizer = torch.optim.SGD(new_model.parameters(), lr=0.1, momentum=0.9)
    new_model.load_state_dict(checkpoint["model"])
    new_optimizer.load_state_dict(checkpoint["optimizer"])
    assert first_difference(model, new_model) is None and first_difference(optimizer, new_optimizer) is None
    assert ckptlab.misplaced_state(new_optimizer) is None
    assert all(p.device.type == load_on for p in new_model.parameters())


@needs_cuda
def test_cuda_rng_state_round_trip():
    state = torch.cuda.get_rng_state_all()
    expected = torch.rand(5, device="cuda").tolist()
    torch.cuda.manual_seed_all(123)
    torch.cuda.set_rng_state_all(state)
    assert torch.rand(5, device="cuda").tolist() == expected


def _replace_save(obj, path):
    torch.save(obj, f"{path}.tmp")
    os.replace(f"{path}.tmp", path)


def test_kill_while_saving_tells_a_lost_file_from_a_whole_one(tmp_path):
    # A writer killed while torch.save overwrites in place leaves a broken file nearly every time
    # (25-29 of 30 here); one that renames a finished temporary file never does.
    in_place = ckptlab.kill_while_saving(torch.save, tmp_path / "in_place.pt", trials=10)
    assert in_place.count("does not load") >= 1 and set(in_place) <= {"loads", "does not load"}
    assert ckptlab.kill_while_saving(_replace_save, tmp_path / "renamed.pt", trials=10) == ["loads"] * 10
    assert ckptlab.what_is_there(tmp_path / "nothing.pt") == "missing"


def test_folder_size_truncate_and_plots(tmp_path):
    torch.save({"w": torch.zeros(1 << 16)}, tmp_path / "a.pt")
    assert ckptlab.folder_mb(tmp_path) == pytest.approx(0.25, abs=0.01)
    assert ckptlab.folder_mb(tmp_path / "missing") == 0.0
    ckptlab.truncate(tmp_path / "a.pt")
    with pytest.raises(Exception):
        torch.load(tmp_path / "a.pt", weights_only=True)
    ax = ckptlab.plot_kill_outcomes({"in place": ["loads", "does not load", "missing"]})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["in place\n2 of 3 lost"]
    ax = ckptlab.plot_folder_sizes({"all": [1, 2, 3], "rotated": [1, 2, 2]})
    assert len(ax.get_lines()) == 2


def test_one_process_group_wraps_and_cleans_up():
    import torch.distributed as dist

    with ckptlab.one_process_group():
        ddp = torch.nn.parallel.DistributedDataParallel(SmallCNN())
        assert next(iter(ddp.state_dict())).startswith("module.")
    assert not dist.is_initialized()


# --- lesson 06: processes of a group --------------------------------------------------------------

def _who_am_i(rank, extra):
    import torch.distributed as dist

    print(f"hello from {rank}")
    return {"rank": dist.get_rank(), "world": dist.get_world_size(), "env": os.environ["RANK"], "extra": extra}


def _fails_on_rank_1(rank):
    if rank == 1:
        return {}["model"]


def _waits_forever(rank):
    import torch.distributed as dist

    if rank == 0:
        dist.barrier()  # rank 1 never gets there
    else:
        import time

        time.sleep(600)


def test_run_ranks_returns_by_rank_and_marks_output(capfd):
    got = ckptlab.run_ranks(_who_am_i, "x")
    assert got == [{"rank": r, "world": 2, "env": str(r), "extra": "x"} for r in range(2)]
    out = capfd.readouterr().out
    assert "[rank 0] hello from 0" in out and "[rank 1] hello from 1" in out
    assert ckptlab.run_ranks(_who_am_i, 1, nprocs=1) == [{"rank": 0, "world": 1, "env": "0", "extra": 1}]


def test_a_failing_or_hanging_rank_stops_every_rank_with_a_clear_error():
    from ckptlab.distributed import RankFailed

    with pytest.raises(RankFailed, match=r"rank 1 failed: KeyError: 'model' \(in _fails_on_rank_1, line \d+\)"):
        ckptlab.run_ranks(_fails_on_rank_1)
    with pytest.raises(TimeoutError, match="did not finish within 3 s: is a rank waiting in a barrier"):
        ckptlab.run_ranks(_waits_forever, timeout=3)
    with pytest.raises(ValueError, match="need 64 GPUs"):
        ckptlab.run_ranks(_who_am_i, 0, nprocs=64, device="cuda")


def _ddp_run_facts(rank):
    model, optimizer, sampler, loader = ckptlab.make_ddp_run()
    orders = []
    for epoch in (0, 1, 0):
        sampler.set_epoch(epoch)
        orders.append(list(sampler))
    losses = []
    ckptlab.train_one_epoch(model, optimizer, loader, "cpu", losses, progress=False)
    weights = torch.nn.utils.parameters_to_vector(model.parameters()).detach()
    return {"orders": orders, "weights": weights, "steps": len(losses),
            "buffers": [n for n, _ in model.module.named_buffers()], "dropout": model.module.classifier[1].p}


def test_make_ddp_run_keeps_ranks_identical_and_orders_by_epoch():
    ranks = ckptlab.run_ranks(_ddp_run_facts)
    assert torch.equal(ranks[0]["weights"], ranks[1]["weights"])  # DDP averaged the gradients
    for facts in ranks:
        assert facts["orders"][0] == facts["orders"][2] != facts["orders"][1]  # seed and epoch decide the order
        assert facts["steps"] == 8 and facts["buffers"] == [] and facts["dropout"] == 0.0
    assert set(ranks[0]["orders"][0]).isdisjoint(ranks[1]["orders"][0])  # each rank its own half


def test_a_group_that_fails_to_form_is_started_again(tmp_path, monkeypatch):
    # About 1 in 100 gloo groups fails to connect its ranks under load; nothing of fn has run then.
    import ckptlab.distributed as distributed

    real = distributed.dist.init_process_group

    def fails_once(*args, **kwargs):
        marker = tmp_path / "failed-once"
        if not marker.exists():
            marker.touch()
            raise RuntimeError("Gloo connectFullMesh failed (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(distributed.dist, "init_process_group", fails_once)
    assert [r["extra"] for r in ckptlab.run_ranks(_who_am_i, "again")] == ["again", "again"]


# --- lesson 07: training by optimizer step ---------------------------------------------------------

def _step_orders(n, state=None):
    """The labels of the first `n` batches of make_step_run's loader (from `state` if given), and its state."""
    from ckptlab.steps import make_step_run

    *_, loader = make_step_run()
    if state is not None:
        loader.load_state_dict(state)
    seen = []
    while len(seen) < n:
        for _, labels in loader:
            seen.append(labels.tolist())
            if len(seen) == n:
                return seen, loader.state_dict()
    return seen, None


@pytest.mark.parametrize("stop", [5, 12, 18])
def test_step_loader_resumes_mid_epoch_in_any_epoch(stop):
    # 12 batches per epoch: a stop mid-epoch 1, on the boundary and mid-epoch 2 (torch's RandomSampler would
    # replay epoch 1's order there: its generator is not in the loader's state)
    full, _ = _step_orders(30)
    first, state = _step_orders(stop)
    rest, _ = _step_orders(30 - stop, state)
    assert first + rest == full


def test_step_run_is_seeded_and_its_scaler_grows():
    from ckptlab.steps import ACCUMULATE, make_step_run, optimizer_step, train_micro_batch

    runs = []
    for _ in range(2):
        model, optimizer, scheduler, scaler, loader = make_step_run()
        scales, lrs, batches = [], [], iter(loader)
        for _ in range(6):
            for _ in range(ACCUMULATE):
                train_micro_batch(model, next(batches), scaler)
            optimizer_step(optimizer, scheduler, scaler)
            scales.append(scaler.get_scale())
            lrs.append(scheduler.get_last_lr()[0])
        runs.append((model.state_dict(), scales, lrs))
    assert first_difference(runs[0][0], runs[1][0]) is None and runs[0][1:] == runs[1][1:]
    scales, lrs = runs[0][1], runs[0][2]
    assert scales[0] == 2.0 ** 21 and scales[1] == 2.0 ** 20  # the first steps overflow: the scale halves
    assert lrs[0] < lrs[3] and lrs[5] < lrs[3]  # warm-up, then decay
    assert len(loader) % ACCUMULATE == 0
