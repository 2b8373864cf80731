"""The command line: its options, each number's range, and what may be combined; one line per error.

Every number has a range, stated in ``--help`` and in the error, so that a typo cannot ask for a
window of 40000x40000 pixels or steps that run for days; an empty file name is a mistake, not the
default lesson.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NoReturn

from convstudio import __version__

#: (lowest, highest) of each number the command line takes.
STEPS = (0, 10_000)
TRAIN = (0, 100_000)
SIZE = (320, 4096)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line and exit status 2, like every other failure (argparse prints its usage first)."""
        if message.startswith("argument ") and ": " in message:  # the option is named in the reason
            message = message.split(": ", 1)[1]
        line = message.encode("unicode_escape").decode("ascii") if not message.isprintable() else message
        self.exit(2, f"error: {line} (convstudio --help lists the options)\n")


def _shown(text: str) -> str:
    return (
        text
        if text.isprintable() and len(text) <= 40
        else repr(text[:40]) + ("..." if len(text) > 40 else "")
    )


def _whole(option: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text) if text.isascii() and len(text) <= 20 else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{option} must be a whole number from {low:,} to {high:,}, not {_shown(text)}"
            )
        return value

    return parse


def _size(text: str) -> tuple[int, int]:
    low, high = SIZE
    parts = text.lower().split("x")
    if text.isascii() and len(parts) == 2 and all(p.isdigit() and len(p) <= 6 for p in parts):
        width, height = int(parts[0]), int(parts[1])
        if low <= width <= high and low <= height <= high:
            return width, height
    raise argparse.ArgumentTypeError(
        f"--size must be WIDTHxHEIGHT, each from {low} to {high} pixels (e.g. 1280x800), not {_shown(text)}"
    )


def _path(option: str, what: str = "a file name") -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"{option} needs {what}, not an empty one")
        return text

    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(
        prog="convstudio",
        description="See how a convolutional network learns its filters, one multiply-add at a time.",
    )
    parser.add_argument("--version", action="version", version=f"ConvStudio {__version__}")
    parser.add_argument(
        "--lesson",
        metavar="NAME",
        type=_path("--lesson", "a lesson's name"),
        help="open this lesson (default: worked-example)",
    )
    parser.add_argument(
        "--open",
        metavar="FILE",
        type=_path("--open"),
        help="open a session (.convstudio), a lesson file (.toml) or an image",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PNG",
        type=_path("--screenshot"),
        help="run offscreen, take --steps element steps, save the window as PNG and exit",
    )
    parser.add_argument(
        "--steps",
        type=_whole("--steps", *STEPS),
        metavar="N",
        help=f"element steps before --screenshot, {STEPS[0]} to {STEPS[1]:,} (default 0)",
    )
    parser.add_argument(
        "--train",
        type=_whole("--train", *TRAIN),
        metavar="N",
        help=(
            f"train N iterations, {TRAIN[0]} to {TRAIN[1]:,}: on the terminal, or before the --steps of "
            "--screenshot"
        ),
    )
    parser.add_argument(
        "--save",
        metavar="FILE",
        type=_path("--save"),
        help="with --train (and no --screenshot): save the trained session to FILE",
    )
    parser.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help=f"window size for --screenshot, each side {SIZE[0]} to {SIZE[1]} pixels (default 1280x800)",
    )
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument(
        "--theme", choices=("light", "dark", "high-contrast"), default="", help="light, dark or high-contrast"
    )
    parser.add_argument("--projector", action="store_true", help="projector mode: everything larger")
    parser.add_argument(
        "--instrument",
        action="append",
        default=[],
        metavar="KEY",
        help="open this instrument (nudge, correlation, ...; 'all' for every one); may be repeated",
    )
    parser.add_argument(
        "--export-derivation",
        metavar="MD",
        type=_path("--export-derivation"),
        help="write the first iteration's derivation as Markdown (and a checking script) and exit",
    )
    parser.add_argument(
        "--export-pytorch",
        metavar="FILE",
        type=_path("--export-pytorch"),
        help="write a PyTorch script that runs the first iteration and checks every number, and exit",
    )
    args = parser.parse_args(argv)
    for option in ("steps", "size"):
        if getattr(args, option) is not None and not args.screenshot:
            parser.error(f"--{option} goes with --screenshot (it sets up the picture taken)")
    args.headless = args.train is not None and not args.screenshot
    if args.save and not args.headless:
        parser.error(
            "--save goes with --train without --screenshot (it saves the session trained on the terminal)"
        )
    args.steps = args.steps or 0
    args.train = args.train or 0
    args.size = args.size or (1280, 800)
    return args
