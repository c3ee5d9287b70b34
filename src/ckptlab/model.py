"""SmallCNN: the model every lesson trains."""
from torch import nn


class SmallCNN(nn.Module):
    """Two conv blocks (conv, BatchNorm, ReLU), max-pooling, dropout and a linear classifier.

    About 10k parameters; on the 8x8 digits it passes 90 % test accuracy within a few CPU seconds.
    BatchNorm gives it buffers (running statistics) that a checkpoint must keep as well as the
    weights, and dropout gives it randomness. `in_channels`/`num_classes` fit other datasets;
    the adaptive pooling makes any image size end in a 4x4 feature map. `batchnorm=False` gives
    each block a convolution with a bias and no normalisation (lesson 06: each data-parallel process
    would otherwise keep running statistics of its own batches).
    """

    def __init__(self, in_channels=1, num_classes=10, width=16, dropout=0.25, batchnorm=True):
        super().__init__()
        norm = nn.BatchNorm2d if batchnorm else (lambda _: nn.Identity())
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, padding=1, bias=not batchnorm),
            norm(width),
            nn.ReLU(),
            nn.Conv2d(width, 2 * width, 3, padding=1, bias=not batchnorm),
            norm(2 * width),
            nn.ReLU(),
            nn.AdaptiveMaxPool2d(4),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(dropout),
            nn.Linear(2 * width * 16, num_classes),
        )

    def forward(self, x):
        return self.classifier(self.features(x))
