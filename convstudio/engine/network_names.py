"""How the trace of a network names its tensors: W¹, o², dL/da¹, γ³, with 1-based indices.

The layer number is a superscript that counts the layers with parameters (conv, conv_transpose,
dense, batch_norm); the layers after one (activation, pooling, flatten) share its number, so
layer 2's input gradient dL/da¹ is the gradient of layer 1's activation. A network with one conv
layer (and at most a dense head) keeps the one-layer names W, b, o, a, p, V, c, s without numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from convstudio.engine.network_check import Built
from convstudio.engine.notation import shown_indices, subscript_text, symbol_text

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PRIME = "′"
_HAT = "\u0302"
#: What each layer type's output is called.
_OUTPUT = {
    "conv": "o",
    "conv_transpose": "o",
    "dense": "o",
    "relu": "a",
    "sigmoid": "a",
    "tanh": "a",
    "max_pool": "p",
    "avg_pool": "p",
    "global_avg_pool": "p",
    "batch_norm": "z",
    "flatten": "f",
}
_PARAMETRISED = ("conv", "conv_transpose", "dense", "batch_norm")
#: Bases written differently in LaTeX and HTML than in text.
_LATEX = {"μ": r"\mu", "σ²": r"\sigma^2", "x̂": r"\hat{x}", "γ": r"\gamma", "β": r"\beta"}
#: Optimiser state: the key's suffix and the letter of its symbol.
STATE_SYMBOLS = {"momentum_buffer": "v", "exp_avg": "m", "exp_avg_sq": "v"}


@dataclass(frozen=True)
class Symbol:
    """One tensor's letter, layer number (None: unnumbered), primes and which dimensions show."""

    base: str
    number: int | None
    shown: tuple[bool, ...]
    primes: int = 0
    of: str = ""  # optimiser state: the parameter's key


def numbered(layers: list[Built]) -> bool:
    """Whether names carry layer numbers: not for one conv layer with at most a dense head."""
    kinds = [layer.type for layer in layers if layer.type in _PARAMETRISED]
    return kinds not in (["conv"], ["conv", "dense"], ["dense"])


class NetworkNames:
    """Symbols of every tensor of a network's trace; keys as the trace has them ("0:out", "1.weight")."""

    def __init__(self, layers: list[Built], batch: int, loss: str, optimiser_keys: list[str]) -> None:
        self.symbols: dict[str, Symbol] = {}
        self._made: dict[tuple[str, tuple[int, ...], str], str] = {}  # symbol()'s answers
        self._seen: dict[tuple[str, int | None], int] = {}
        n = batch > 1
        count = numbered(layers)
        one_layer_head = not count and any(layer.type == "conv" for layer in layers)
        number = 0
        self._add("x", "I", None, _map_shown(n, layers[0].in_shape))
        for layer in layers:
            if layer.type in _PARAMETRISED:
                number += 1
            num = max(number, 1) if count else None
            i = layer.index
            base = _OUTPUT[layer.type]
            if layer.type == "dense" and one_layer_head:
                base = "s"
            out_shown = (n, True) if layer.type == "dense" else _map_shown(n, layer.out_shape)
            if layer.type in ("conv", "conv_transpose"):
                F, C = (layer.cfg["filters"], layer.in_shape[0])
                w_shown = (F > 1, C > 1, True, True) if layer.type == "conv" else (C > 1, F > 1, True, True)
                self._add(f"{i}.weight", "W", num, w_shown)
                self._add(f"{i}.bias", "b", num, (F > 1,))
            elif layer.type == "dense":
                w, b = ("V", "c") if one_layer_head else ("W", "b")
                self._add(f"{i}.weight", w, num, (True, True))
                self._add(f"{i}.bias", b, num, (True,))
            elif layer.type == "batch_norm":
                C = layer.in_shape[0]
                for key, sym in (("weight", "γ"), ("bias", "β"), (":mean", "μ"), (":var", "σ²")):
                    self._add(f"{i}{'.' if key[0] != ':' else ''}{key}", sym, num, (C > 1,))
                self._add(f"{i}:xhat", "x̂", num, _map_shown(n, layer.in_shape))
            self._add(f"{i}:out", base, num, out_shown)
        last = f"{layers[-1].index}:out"
        self._add("t", "t", None, self.symbols[last].shown)
        self._add("q", "q", None, (n, True))
        self._add("y", "y", None, (n,))
        self._add("L", "L", None, ())
        for key in optimiser_keys:
            param, _, suffix = key.rpartition(".")
            self.symbols[key] = Symbol(STATE_SYMBOLS[suffix], None, self.symbols[param].shown, of=param)

    def _add(self, key: str, base: str, number: int | None, shown: tuple[bool, ...]) -> None:
        primes = self._seen.get((base, number), 0)
        self._seen[(base, number)] = primes + 1
        self.symbols[key] = Symbol(base, number, shown, primes)

    def indices(self, tensor: str, index: tuple[int, ...]) -> list[int]:
        """The 1-based indices shown for a cell of ``tensor`` (or of its gradient "d" + tensor)."""
        return shown_indices(index, self.symbols[_base_key(tensor)].shown)

    def subscript(self, tensor: str, index: tuple[int, ...]) -> str:
        return subscript_text(self.indices(tensor, index))

    def name(self, tensor: str, fmt: str = "text") -> str:
        """The tensor's symbol without indices: ``W²``, ``W^{2}``, ``W<sup>2</sup>``."""
        sym = self.symbols[_base_key(tensor)]
        if sym.of:
            inner = self.name(sym.of, fmt)
            if fmt == "latex":
                return f"{sym.base}^{{{inner}}}"
            return f"{sym.base}{inner}"
        primes = _PRIME * sym.primes
        if fmt == "latex":
            base = _LATEX.get(sym.base, sym.base) + ("'" * sym.primes)
            return f"{{{base}}}^{{{sym.number}}}" if sym.number is not None else base
        number = "" if sym.number is None else str(sym.number)
        if sym.base == "σ²" and number:
            number = f"({number})"
        if fmt == "html":
            # the bundled upright font places a combining hat badly; its oblique places it right
            base = f"<i>{sym.base}</i>" if _HAT in sym.base else sym.base
            return f"{base}{primes}<sup>{number}</sup>" if number else base + primes
        return sym.base + primes + number.translate(_SUPERSCRIPT).replace("(", "⁽").replace(")", "⁾")

    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str:
        """``W²11`` / ``{W}^{2}_{11}`` / ``W<sup>2</sup><sub>11</sub>``; gradients as dL/dW²11.
        Kept once made: an equation names the same few cells at every step of a layer."""
        key = (tensor, tuple(index), fmt)
        made = self._made.get(key)
        if made is None:
            if len(self._made) > 20_000:
                self._made.clear()
            made = symbol_text(self.name(tensor, fmt), self.subscript(tensor, index), is_grad(tensor), fmt)
            self._made[key] = made
        return made


def is_grad(tensor: str) -> bool:
    """Whether a trace key names a gradient: every gradient's key is "d" + the tensor's."""
    return tensor.startswith("d")


def _base_key(tensor: str) -> str:
    return tensor[1:] if is_grad(tensor) else tensor


def _map_shown(n: bool, shape: tuple[int, ...]) -> tuple[bool, ...]:
    """Batch shown when N > 1, channels (or features) when more than one, rows and columns always."""
    if len(shape) == 3:
        return (n, shape[0] > 1, True, True)
    return (n, shape[0] > 1)
