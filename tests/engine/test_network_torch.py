"""iterate and predict agree with torch.nn.Sequential and torch.optim on random networks.

An optional cross-check: skipped when PyTorch is not installed (the project does not need it).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from tests.engine.networks import data_for, networks

torch = pytest.importorskip("torch")
nn = torch.nn


class _GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def _module(layer, shape):
    kind = layer["type"]
    if kind == "conv":
        keys = ("kernel", "stride", "padding", "dilation")
        k, s, p, d = (layer.get(key, 1 if key != "padding" else 0) for key in keys)
        return nn.Conv2d(shape[0], layer["filters"], k, s, p, d, bias=layer.get("bias", True))
    if kind == "conv_transpose":
        keys = ("kernel", "stride", "padding", "output_padding")
        k, s, p, o = (layer.get(key, 1 if key in ("kernel", "stride") else 0) for key in keys)
        return nn.ConvTranspose2d(shape[0], layer["filters"], k, s, p, o, bias=layer.get("bias", True))
    if kind in ("max_pool", "avg_pool"):
        cls = nn.MaxPool2d if kind == "max_pool" else nn.AvgPool2d
        return cls(layer["size"], layer.get("stride", layer["size"]))
    if kind == "batch_norm":
        cls = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
        return cls(shape[0], eps=layer.get("eps", 1e-5), momentum=layer.get("momentum", 0.1))
    if kind == "dense":
        return nn.Linear(shape[0], layer["units"], bias=layer.get("bias", True))
    return {
        "relu": nn.ReLU,
        "sigmoid": nn.Sigmoid,
        "tanh": nn.Tanh,
        "global_avg_pool": _GlobalAvgPool,
        "flatten": nn.Flatten,
    }[kind]()


def _sequential(net, params, x):
    modules = []
    h = torch.from_numpy(x)
    for layer in net["layers"]:
        module = _module(layer, tuple(h.shape[1:])).double().eval()  # eval: leave running stats alone
        modules.append(module)
        with torch.no_grad():
            h = module(h)
    model = nn.Sequential(*modules).double()
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in params.items()}, strict=False)
    return model


def _optimizer(net, model):
    if not list(model.parameters()):
        return None
    opt = dict(net["optimizer"])
    kind = opt.pop("type")
    if kind == "sgd":
        return torch.optim.SGD(model.parameters(), **opt)
    return torch.optim.Adam(model.parameters(), **opt)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=networks(), seed=st.integers(0, 1000))
def test_two_iterations_and_a_prediction_match_pytorch(net, seed):
    torch.set_num_threads(1)
    x, target = data_for(net, seed)
    params = nw.init_params(net, seed)
    model = _sequential(net, params, x)
    opt = _optimizer(net, model)
    loss_fn = torch.nn.MSELoss() if net["loss"] == "mse" else torch.nn.CrossEntropyLoss()
    state = None
    for _ in range(2):
        result = nw.iterate(net, params, x, target, state)
        model.train()
        model.zero_grad()
        xt = torch.from_numpy(x).requires_grad_(True)
        out = model(xt)
        loss = loss_fn(out, torch.from_numpy(np.asarray(target)))
        loss.backward()
        grads = {name: p.grad.numpy().copy() for name, p in model.named_parameters()}
        if opt is not None:
            opt.step()
        assert result.loss == pytest.approx(loss.item(), rel=1e-10, abs=1e-12)
        np.testing.assert_allclose(result.output, out.detach().numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(result.grad_input, xt.grad.numpy(), rtol=1e-8, atol=1e-10)
        assert result.grads.keys() == grads.keys() == params.keys()
        # Batch norm cancels some gradients to rounding noise; Adam divides such noise by its
        # own size, so a parameter whose gradient is noise moves by up to lr either way.
        scale = 1.0 + max((np.abs(g).max() for g in grads.values() if g.size), default=0.0)
        torch_state = model.state_dict()
        for name, want in grads.items():
            np.testing.assert_allclose(result.grads[name], want, rtol=1e-8, atol=1e-9 * scale, err_msg=name)
            signal = np.abs(want) > 1e-6 * scale
            np.testing.assert_allclose(
                result.new_params[name][signal], torch_state[name].numpy()[signal], rtol=1e-8, atol=1e-11
            )
        for name, value in result.new_state.items():
            if "running" in name:
                np.testing.assert_allclose(value, torch_state[name].numpy(), rtol=1e-10, atol=1e-10)
        # PyTorch's parameters go on, so that noise-driven Adam steps (above) do not pile up.
        params = {name: torch_state[name].numpy().copy() for name in params}
        state = result.new_state
    model.eval()
    with torch.no_grad():
        want = model(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(nw.predict(net, params, x, state), want, rtol=1e-9, atol=1e-12)
