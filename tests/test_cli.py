"""The command line refuses, in one line with exit status 2, every number outside its range (the
range stated in --help and in the error), empty file names and options that need --screenshot (or,
for --save, --train without it)."""

from __future__ import annotations

import itertools

import pytest

from convstudio import cli

NUMBERS = {"--steps": cli.STEPS, "--train": cli.TRAIN}


def _bad_numbers(low: int, high: int) -> list[str]:
    return [
        str(low - 1),
        str(high + 1),
        str(2**31),
        str(2**63),
        "1" + "0" * 40,
        "9" * 5000,
        "-" + "9" * 30,
        "1.5",
        "1e3",
        "",
        "ten",
        "0x10",
        "１２",  # full-width digits: int() reads them, but they are no number a user typed on purpose
    ]


def _refused(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as caught:
        cli.parse_args(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and len(err) < 300, err
    return err


@pytest.mark.parametrize(
    ("option", "value"),
    [(o, v) for o, (low, high) in NUMBERS.items() for v in _bad_numbers(low, high)],
    ids=str,
)
def test_every_number_outside_its_range_is_refused_with_the_range(capsys, option, value):
    low, high = NUMBERS[option]
    err = _refused(capsys, ["--screenshot", "x.png", f"{option}={value}"])
    assert f"from {low:,} to {high:,}" in err


@pytest.mark.parametrize(
    "size",
    [
        f"{w}x{h}"
        for w, h in itertools.product(
            ["319", "4097", "2147483648", "99999999999999999999", "0", "-5", "1.5", ""], ["800"]
        )
    ]
    + ["1280x4097", "99999x99999", "40000x40000", "1280", "1280x800x3", "x", "1280X", "axb", "1280 x 800"],
)
def test_every_window_size_outside_its_range_is_refused(capsys, size):
    err = _refused(capsys, ["--screenshot", "x.png", f"--size={size}"])
    assert f"from {cli.SIZE[0]} to {cli.SIZE[1]}" in err


def test_the_ranges_are_in_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.parse_args(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    for low, high in NUMBERS.values():
        assert f"{low} to {high:,}" in text
    assert f"{cli.SIZE[0]} to {cli.SIZE[1]}" in text


@pytest.mark.parametrize("option", ["--open", "--screenshot", "--lesson", "--export-derivation", "--save"])
@pytest.mark.parametrize("empty", ["", " ", "\t"])
def test_an_empty_file_name_is_refused(capsys, option, empty):
    assert "empty" in _refused(capsys, [f"{option}={empty}"])


@pytest.mark.parametrize(("option", "value"), [("--steps", "3"), ("--size", "800x600")])
def test_screenshot_options_without_screenshot_are_refused(capsys, option, value):
    assert "--screenshot" in _refused(capsys, [option, value])


def test_train_without_screenshot_trains_on_the_terminal():
    args = cli.parse_args(["--train", "5", "--save", "out.convstudio"])
    assert args.headless and (args.train, args.save) == (5, "out.convstudio")
    assert not cli.parse_args(["--screenshot", "x.png", "--train", "5"]).headless
    assert not cli.parse_args([]).headless


@pytest.mark.parametrize(
    "argv", [["--save", "a.convstudio"], ["--screenshot", "x.png", "--train", "5", "--save", "a"]]
)
def test_save_goes_with_training_on_the_terminal(capsys, argv):
    assert "--train without --screenshot" in _refused(capsys, argv)


def test_a_value_with_a_newline_stays_on_one_line(capsys):
    _refused(capsys, ["--screenshot", "x.png", "--steps", "1\n2"])
    _refused(capsys, ["--no-such\noption"])


def test_good_command_lines_still_parse():
    args = cli.parse_args(["--screenshot", "x.png", "--steps", "10000", "--train", "0", "--size", "320x4096"])
    assert (args.steps, args.train, args.size) == (10_000, 0, (320, 4096))
    args = cli.parse_args([])
    assert (args.steps, args.train, args.size, args.open) == (0, 0, (1280, 800), None)
