"""The course's data: the embedded 8x8 digits, as a torch Dataset.

Every lesson trains on `digits` by default. It ships in the repository (data/digits.npz), so
nothing is downloaded. FashionMNIST and CIFAR-10 (torchvision) are available to learners who are
online. The digits need only torch: importing torchvision costs about 2.5 s of every process that
imports the course (it loads torch._dynamo), so it is imported only for those two.
"""
import os
import random
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

DATA_DIR = Path(os.environ.get("CKPTLAB_DATA", Path(__file__).resolve().parents[2] / "data"))
SPLITS = ("train", "val", "test")

# Mean and standard deviation of the digits' training pixels after scaling 0..16 to 0..1.
DIGITS_MEAN, DIGITS_STD = 0.3064, 0.3768


class Normalize(torch.nn.Module):
    """uint8 images (..., 1, 8, 8), values 0..16 -> normalised float32 tensors (as torchvision's
    ToDtype(float32) then Normalize, which compute the same bits)."""

    def __init__(self, mean, std):
        super().__init__()
        self.mean, self.std = torch.tensor([mean]).view(-1, 1, 1), torch.tensor([std]).view(-1, 1, 1)

    def forward(self, images):
        return images.to(torch.float32).sub(self.mean).div_(self.std)


def digits_transform():
    """uint8 image (1, 8, 8), values 0..16 -> normalised float32 tensor."""
    # Pixels are 0..16, so scaling to 0..1 and normalising fold into one Normalize on the raw values.
    return Normalize(16 * DIGITS_MEAN, 16 * DIGITS_STD)


class RandomShift(torch.nn.Module):
    """Pad by `padding` zeros and crop back to the original size at a random offset drawn from torch's
    RNG: torchvision's RandomCrop(size, padding=padding), the same draws and the same result."""

    def __init__(self, padding=1):
        super().__init__()
        self.padding = padding

    def forward(self, image):
        p = self.padding
        height, width = image.shape[-2:]
        top = int(torch.randint(0, 2 * p + 1, size=()))
        left = int(torch.randint(0, 2 * p + 1, size=()))
        padded = torch.nn.functional.pad(image, (p, p, p, p))
        return padded[..., top:top + height, left:left + width]


class PixelNoise(torch.nn.Module):
    """With probability `p` (drawn from Python's `random`), add Gaussian noise (drawn from NumPy's
    global RNG) to a normalised image. Many augmentation libraries draw from these two global RNGs,
    so a resumable run must restore them as well as torch's."""

    def __init__(self, std=0.3, p=0.5):
        super().__init__()
        self.std, self.p = std, p

    def forward(self, image):
        if random.random() >= self.p:
            return image
        noise = np.random.normal(0.0, self.std, size=tuple(image.shape)).astype(np.float32)
        return image + torch.from_numpy(noise)


def digits_augmentation():
    """Random augmentation for normalised digits: a shift of up to one pixel (torch's RNG) and pixel
    noise (Python's and NumPy's RNGs)."""
    return torch.nn.Sequential(RandomShift(1), PixelNoise())


class Digits(Dataset):
    """The 1,797 handwritten 8x8 digits, split 1078/359/360 into train/val/test (see data/README.md).

    Items are (image, label): image a (1, 8, 8) tensor, label an int 0..9. `pre_transform` is
    applied once to the whole split when it is loaded (the deterministic part of a pipeline, such
    as normalisation: the same every epoch, so there is no need to redo it per item); `transform`
    is applied to each item as it is fetched (random augmentation belongs here).
    """

    classes = [str(i) for i in range(10)]

    def __init__(self, root=DATA_DIR, split="train", transform=None, target_transform=None,
                 pre_transform=None):
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
        self.root, self.transform, self.target_transform = str(root), transform, target_transform
        path = Path(root) / "digits.npz"
        if not path.is_file():
            raise FileNotFoundError(
                f"{path} is missing. It ships with the course: restore it with "
                f"'git checkout -- data/digits.npz', or set CKPTLAB_DATA to the folder that holds it.")
        with np.load(path) as f:
            self.images = torch.from_numpy(f[f"{split}_images"]).unsqueeze(1)  # (n, 1, 8, 8) uint8
            self.targets = torch.from_numpy(f[f"{split}_labels"])
        if pre_transform is not None:
            self.images = pre_transform(self.images)
        self.split = split

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, index):
        image, target = self.images[index], int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return image, target


def get_dataset(name="digits", split="train", root=None, transform=None):
    """A dataset by name: 'digits' (embedded, offline), 'fashionmnist' or 'cifar10' (downloaded once).

    `transform` is applied per item: for digits, after the built-in normalisation; for the others,
    instead of the default conversion to a normalised tensor.

    The downloaded datasets have no validation split of their own: 'val' is the first 10 % of
    their test set and 'test' the rest.
    """
    name = name.lower()
    if name == "digits":  # normalised once at load time; `transform` then sees normalised images
        return Digits(root or DATA_DIR, split, transform=transform, pre_transform=digits_transform())
    online = {"fashionmnist": "FashionMNIST", "cifar10": "CIFAR10"}
    if name not in online:
        raise ValueError(f"unknown dataset {name!r}: choose 'digits' (embedded), 'fashionmnist' or 'cifar10'")
    import torchvision.datasets as tvd
    from torchvision.transforms import v2

    cls = getattr(tvd, online[name])
    root = Path(root or DATA_DIR / "downloads")
    tf = transform or v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True),
                                  v2.Normalize([0.5], [0.5])])
    try:
        ds = cls(str(root), train=(split == "train"), transform=tf, download=True)
    except Exception as err:  # URLError, socket timeouts, checksum failures: all mean "no data"
        raise RuntimeError(
            f"Could not download {online[name]} into {root} ({type(err).__name__}: {err}). "
            f"It needs an internet connection the first time. Offline, use the embedded dataset: "
            f"get_dataset('digits')") from err
    if split == "train":
        return ds
    n_val = len(ds) // 10
    idx = range(n_val) if split == "val" else range(n_val, len(ds))
    return torch.utils.data.Subset(ds, list(idx))


def make_loader(dataset, batch_size=64, shuffle=False):
    """A DataLoader that loads in the main process and shuffles with the global torch RNG."""
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, num_workers=0)


def get_loaders(name="digits", batch_size=64):
    """(train, val, test) loaders; only train shuffles."""
    return tuple(make_loader(get_dataset(name, s), batch_size, shuffle=(s == "train")) for s in SPLITS)
