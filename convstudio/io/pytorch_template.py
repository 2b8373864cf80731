"""The text of the exported PyTorch script: the code that runs and checks; pytorch_script fills it in.

``$``-placeholders (string.Template) take the network's modules, optimiser and loss as source
text and ConvStudio's numbers as JSON. The script itself needs only Python and PyTorch.
"""

from __future__ import annotations

from string import Template

SCRIPT = Template('''\
#!/usr/bin/env python3
"""One training iteration from ConvStudio, rebuilt in PyTorch and checked number for number.

$title: iteration $iteration, exported by ConvStudio $version.
Run it with a Python that has PyTorch:  python $name

It builds the network as torch.nn.Sequential (float64, one thread), loads the weights, the data
and the optimiser's state ConvStudio had, runs the one iteration (forward, loss, backward,
optimiser step) and compares every number with ConvStudio's, which are stored as JSON at the end
of this file. Exit status 0: PyTorch agrees with every number; 1: it does not (a line says DIFFERS).
"""

import json
import math
import sys

try:
    import torch
    from torch import nn
except ImportError:
    sys.exit("This script needs PyTorch: pip install torch")

#: Two tensors agree when |PyTorch - ConvStudio| <= TOLERANCE * (1 + ConvStudio's largest |value|).
TOLERANCE = 1e-10


def build_model():
    """The network, layer for layer: module i is ConvStudio's layer i + 1."""
    return nn.Sequential(
$layers
    )


def build_optimizer(parameters):
    return $optimizer


LOSS = $loss


def tensor(values):
    return torch.tensor(values, dtype=torch.float64)


def load(model, optimizer):
    """ConvStudio's weights, running statistics and optimiser state, into the model and optimiser."""
    params = dict(model.named_parameters())
    buffers = dict(model.named_buffers())
    with torch.no_grad():
        for name, values in DATA["params"].items():
            params[name].copy_(tensor(values))
        for key, values in DATA["state"].items():
            if key in buffers:  # batch norm's running_mean and running_var
                buffers[key].copy_(tensor(values))
            else:  # the optimiser's, e.g. "0.weight.momentum_buffer", "0.weight.exp_avg", "0.weight.step"
                name, slot = key.rsplit(".", 1)
                optimizer.state[params[name]][slot] = tensor(values)


def run():
    """One training iteration in PyTorch: the loss, and (label, PyTorch's tensor, ConvStudio's
    numbers, elements whose update is not determined) for everything else to compare."""
    model = build_model()
    params = dict(model.named_parameters())
    optimizer = build_optimizer(params.values()) if params else None
    load(model, optimizer)
    model.train()  # batch norm normalises with the batch's statistics and updates the running ones
    x = tensor(DATA["x"]).requires_grad_(True)
    target = torch.tensor(DATA["target"], dtype=$target_dtype)
    output = model(x)
    loss = LOSS(output, target)
    loss.backward()
    grads = {name: p.grad.detach().clone() for name, p in params.items()}
    if optimizer is not None:
        optimizer.step()
    want = DATA["expected"]
    rows = [("output", output, want["output"], None), ("dL/dx", x.grad, want["grad_input"], None)]
    rows += [("dL/d" + name, grads[name], want["grads"][name], None) for name in params]
    for name, p in params.items():
        noise = undetermined(name, optimizer, p)
        rows.append((name + " after the update", p, want["new_params"][name], noise))
    buffers = dict(model.named_buffers())
    for key, values in want["new_state"].items():
        if key in buffers:
            rows.append((key, buffers[key], values, None))
        else:
            name, slot = key.rsplit(".", 1)
            rows.append((name + " " + slot, optimizer.state[params[name]].get(slot), values, None))
    return loss, rows


def undetermined(name, optimizer, p):
    """Adam moves a parameter by about lr either way when its average gradient is rounding noise:
    the elements where both programs' averages are within the tolerance of 0 (else None)."""
    if not isinstance(optimizer, torch.optim.Adam):
        return None
    limit = TOLERANCE * (1 + max(abs(v) for v in flat(DATA["expected"]["grads"][name])))
    ours = tensor(DATA["expected"]["new_state"][name + ".exp_avg"]).abs() <= limit
    return ours & (optimizer.state[p]["exp_avg"].abs() <= limit)


def flat(values):
    return [v for item in values for v in flat(item)] if isinstance(values, list) else [values]


def digits(difference, size):
    """How many significant digits two numbers of this size that differ by this much share."""
    if size == 0 or difference <= 1e-15 * size:
        return 15
    return max(0, math.floor(-math.log10(difference / size)))


def compare_loss(loss, want):
    got = loss.item()
    difference = abs(got - want)
    agrees = difference <= TOLERANCE * (1 + abs(want))
    verdict = f"agrees to {digits(difference, abs(want))} digits" if agrees else "DIFFERS"
    print(f"loss {verdict}: PyTorch {got!r}, ConvStudio {want!r}")
    return agrees


def compare(label, got, want, noise):
    """One line on how closely PyTorch's tensor agrees with ConvStudio's numbers; True if it does."""
    want = tensor(want)
    if got is None or tuple(got.shape) != tuple(want.shape):
        shape = "nothing" if got is None else f"shape {tuple(got.shape)}"
        print(f"{label:<36} DIFFERS: PyTorch has {shape}, ConvStudio shape {tuple(want.shape)}")
        return False
    difference = (got.detach().to(torch.float64) - want).abs()
    size = want.abs().max().item() if want.numel() else 0.0
    wrong = ~(difference <= TOLERANCE * (1 + size))  # NaN is wrong: it compares False
    note = ""
    if noise is not None and bool((wrong & noise).any()):
        excused = wrong & noise
        wrong &= ~noise
        difference = difference[~excused]
        note = (
            f"; {int(excused.sum())} element(s) left out: their average gradient is rounding noise, "
            "so Adam's step there (about lr) has no determined sign"
        )
    worst = difference.max().item() if difference.numel() else 0.0
    if bool(wrong.any()):
        verdict = "DIFFERS"
    elif size <= TOLERANCE:
        verdict = f"agrees: every value is 0 within {TOLERANCE:g}"
    else:
        verdict = f"agrees to {digits(worst, size)} digits"
    shape = "x".join(str(n) for n in want.shape) or "scalar"
    print(f"{label:<36} {shape:<12} max difference {worst:.1e}  {verdict}{note}")
    return not bool(wrong.any())


def main():
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    print(f"{DATA['title']}, iteration {DATA['iteration']}: PyTorch {torch.__version__} "
          f"against ConvStudio {DATA['version']}")
    loss, rows = run()
    results = [compare_loss(loss, DATA["expected"]["loss"])] + [compare(*row) for row in rows]
    failed = results.count(False)
    if failed:
        print(f"{failed} of {len(results)} DIFFER from ConvStudio's numbers.")
        return 1
    print(f"All {len(results)} agree: PyTorch computes the numbers ConvStudio shows.")
    return 0


# ConvStudio's numbers: the network as plain data, what it started from, and what it computed.
DATA = json.loads(r\'\'\'
$data
\'\'\')

if __name__ == "__main__":
    sys.exit(main())
''')
