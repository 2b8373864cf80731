"""A folder of the learner's own pictures as a labelled data set: one subfolder per class (the
ImageFolder convention), each holding that class's PNG, JPEG or BMP files.

Every image goes through ``io/images.read_image`` (and its limits) and is converted to the
network's input size and channels; what cannot be read is skipped, with the reason, and the rest
is kept. Classes are the subfolders' names in sorted order (label 0 is the first), as torchvision
numbers them. Hidden entries (a name starting with a dot) and macOS's ``__MACOSX`` are passed over
silently, as a file manager hides them. A folder that cannot be a data set at all, or is beyond
the limits, is one FolderError sentence naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from convstudio.engine.quoting import quoted
from convstudio.io import images

#: The most classes and images one folder may give: a classroom's pictures, not a benchmark set.
MAX_CLASSES = 20
MAX_IMAGES = 2000
#: The endings of the files read as images; anything else in a class folder is listed as skipped.
SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")
#: How colour becomes grey (images.to_input): the luminance weights of ITU-R BT.601.
LUMINANCE = "0.299 R + 0.587 G + 0.114 B"


class FolderError(ValueError):
    """A folder that cannot be read as a data set, said in one sentence that names it."""


@dataclass(frozen=True)
class Skipped:
    """A file or folder left out: where it is (relative to the folder read) and why, as a sentence."""

    path: str
    reason: str


@dataclass(frozen=True, eq=False)
class ImageFolder:
    """A folder read as a data set, converted to one network's input."""

    folder: Path
    #: float64 (N, C, H, W) in [0, 1], class by class
    images: np.ndarray
    #: int64 (N,): each image's class, an index into ``classes``
    labels: np.ndarray
    classes: tuple[str, ...]
    #: images kept per class
    counts: tuple[int, ...]
    #: each image's file, relative to ``folder``
    files: tuple[str, ...]
    #: how the images were converted, as a sentence
    conversion: str
    skipped: tuple[Skipped, ...]


def _hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name == "__MACOSX"


def _entries(folder: Path) -> list[Path]:
    name = quoted(folder.name or str(folder))
    try:
        return sorted(p for p in folder.iterdir() if not _hidden(p))
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        raise FolderError(f"the folder {name} cannot be read: {reason}") from None


def read_folder(
    folder: str | Path,
    *,
    channels: int,
    height: int,
    width: int,
    max_classes: int = MAX_CLASSES,
    max_images: int = MAX_IMAGES,
) -> ImageFolder:
    """The folder's images converted to (channels, height, width), their labels, and what was left out."""
    folder = Path(folder)
    name = quoted(folder.name or str(folder))
    if channels not in (1, 3):
        raise FolderError(f"images give 1 (grey) or 3 (RGB) channels; this network takes {channels}")
    if not folder.exists():
        raise FolderError(f"the folder {name} does not exist")
    if not folder.is_dir():
        raise FolderError(
            f"{name} is a file, not a folder: choose the folder that holds one subfolder per class"
        )
    entries = _entries(folder)
    if not entries:
        raise FolderError(f"the folder {name} is empty: it needs one subfolder per class, holding its images")
    class_dirs = [p for p in entries if p.is_dir()]
    skipped = [
        Skipped(p.name, f"{quoted(p.name)} is not in a class folder (each class's images go in a subfolder)")
        for p in entries
        if not p.is_dir()
    ]
    if not class_dirs:
        raise FolderError(
            f"the folder {name} holds no subfolders: put each class's images in a subfolder named for it"
        )
    if len(class_dirs) > max_classes:
        raise FolderError(
            f"the folder {name} has {len(class_dirs):,} class folders; ConvStudio reads up to {max_classes}"
        )
    listed = {d: _entries(d) for d in class_dirs}
    candidates = sum(1 for files in listed.values() for p in files if p.suffix.lower() in SUFFIXES)
    if candidates > max_images:
        raise FolderError(
            f"the folder {name} holds {candidates:,} images; ConvStudio reads up to {max_images:,} at a time"
        )
    kept: list[np.ndarray] = []
    labels: list[int] = []
    files: list[str] = []
    classes: list[str] = []
    counts: list[int] = []
    sizes: set[tuple[int, int]] = set()
    colour = grey = 0
    for class_dir, found in listed.items():
        here = 0
        for path in found:
            where = f"{class_dir.name}/{path.name}"
            if path.is_dir():
                skipped.append(Skipped(where, f"{quoted(path.name)} is a folder inside a class folder"))
                continue
            if path.suffix.lower() not in SUFFIXES:
                skipped.append(Skipped(where, f"{quoted(path.name)} is not a PNG, JPEG or BMP file"))
                continue
            try:
                rgb = images.read_image(path)
            except images.ImageError as error:
                skipped.append(Skipped(where, str(error)))
                continue
            sizes.add((rgb.shape[1], rgb.shape[0]))
            is_grey = bool(
                np.array_equal(rgb[..., 0], rgb[..., 1]) and np.array_equal(rgb[..., 1], rgb[..., 2])
            )
            grey, colour = grey + is_grey, colour + (not is_grey)
            kept.append(images.to_input(rgb, height, width, channels))
            labels.append(len(classes))
            files.append(where)
            here += 1
        if here:
            classes.append(class_dir.name)
            counts.append(here)
        else:
            skipped.append(
                Skipped(
                    f"{class_dir.name}/",
                    f"the class folder {quoted(class_dir.name)} holds no image that can be read",
                )
            )
    if not classes:
        raise FolderError(
            f"the folder {name} holds no PNG, JPEG or BMP image that can be read in its class folders"
        )
    if len(classes) < 2:
        raise FolderError(
            f"the folder {name} has images of one class only ({quoted(classes[0])}); "
            "a classifier needs at least two class folders"
        )
    return ImageFolder(
        folder=folder,
        images=np.stack(kept),
        labels=np.array(labels, dtype=np.int64),
        classes=tuple(classes),
        counts=tuple(counts),
        files=tuple(files),
        conversion=conversion(len(kept), sizes, (grey, colour), channels, (height, width)),
        skipped=tuple(skipped),
    )


def conversion(
    count: int,
    sizes: set[tuple[int, int]],
    grey_colour: tuple[int, int],
    channels: int,
    size: tuple[int, int],
) -> str:
    """How ``count`` images of these (width, height) sizes, ``grey_colour`` of them grey and in colour,
    became (channels, height, width), as a sentence: "12 images resized from 28x28 to 8x8, RGB ..."."""
    height, width = size
    target = f"{width}x{height}"
    if sizes == {(width, height)}:
        how = f"kept at {target}"
    elif len(sizes) == 1:
        ((w, h),) = sizes
        how = f"resized from {w}x{h} to {target}"
    else:
        small, large = min(sizes, key=lambda s: (s[0] * s[1], s)), max(sizes, key=lambda s: (s[0] * s[1], s))
        how = f"resized from {len(sizes)} sizes ({small[0]}x{small[1]} to {large[0]}x{large[1]}) to {target}"
    grey, colour = grey_colour
    if channels == 1:
        if not colour:
            tone = "grey kept as grey"
        elif not grey:
            tone = f"RGB turned to grey ({LUMINANCE})"
        else:
            tone = f"the {colour:,} in colour turned to grey ({LUMINANCE})"
    elif not grey:
        tone = "RGB kept"
    elif not colour:
        tone = "grey copied to R, G and B"
    else:
        tone = f"RGB kept, the {grey:,} grey ones copied to R, G and B"
    return f"{count:,} image{'s' if count != 1 else ''} {how}, {tone}."
