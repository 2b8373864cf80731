"""A correlation frame in words: what it computes, its terms and its sums as text or HTML."""

from __future__ import annotations

from convstudio.engine.correlation import SLICES, Correlation, Frame
from convstudio.engine.notation import Names, factor, number
from convstudio.engine.spec import Spec


def _dims_names(names: Names | None, N: int, C: int, F: int) -> Names:
    """How the symbols print: the app's names for its spec, or names for these tensor sizes."""
    return names if names is not None else Names(Spec(channels=C, batch=N, filters=F, pooling="none"))


def frame_factors(
    frame: Frame, corr: Correlation, slice_: int, tap: int
) -> tuple[tuple[str, tuple[int, ...]] | None, tuple[str, tuple[int, ...]] | None]:
    """The symbols (tensor, full 0-based index) of one term's two factors, in the order the
    equation writes them; None for a zero of padding or insertion."""
    g = corr.g
    a, b, _, _ = frame.index
    r, s = (int(v) for v in frame.cells[tap])
    real = bool(frame.real[tap])
    if frame.mode == "dW":  # dL/do_ij · I_rs
        i, j = divmod(tap, g.Wo)
        met = ("I", (slice_, b, r - g.ph, s - g.pw)) if real else None
        return ("do", (slice_, a, i, j)), met
    if frame.mode == "dI":  # dL/do_ij · W_mk (the flipped tap (m', k') is W's (kh-1-m', kw-1-k'))
        m, k = divmod(tap, g.kw)
        bh, bw = corr.border
        met = ("do", (a, slice_, (r - bh) // g.sh, (s - bw) // g.sw)) if real else None
        return met, ("W", (slice_, b, g.kh - 1 - m, g.kw - 1 - k))
    m, k = divmod(tap, g.kw)  # forward: I_rs · W_mk, with W flipped for the true convolution
    if frame.mode == "conv":
        m, k = g.kh - 1 - m, g.kw - 1 - k
    met = ("I", (a, slice_, r - g.ph, s - g.pw)) if real else None
    return met, ("W", (b, slice_, m, k))


def lhs(frame: Frame, corr: Correlation, names: Names | None = None, fmt: str = "text") -> str:
    """The symbol of what the frame computes, e.g. ``dL/dW11``; a padding cell's gradient for
    ``"dI"`` on the border reads ``dL/dpad`` with its place in the padded input."""
    names = _dims_names(names, corr.N, corr.g.C, corr.F)
    g = corr.g
    a, b, r, s = frame.index
    if frame.mode == "dW":
        return names.symbol("dW", (a, b, r, s), fmt)
    if frame.mode == "dI":
        inner = (a, b, r - g.ph, s - g.pw)
        if g.ph <= r < g.ph + g.H and g.pw <= s < g.pw + g.W:
            return names.symbol("dI", inner, fmt)
        lead = names.indices("dI", (a, b, 0, 0))[:-2]
        where = ",".join(str(v) for v in (*lead, r + 1, s + 1))
        return f"dL/dpad<sub>{where}</sub>" if fmt == "html" else f"dL/dpad[{where}]"
    symbol = names.symbol("o", frame.index, fmt)
    return symbol.replace("o", "(I∗W)", 1) if frame.mode == "conv" else symbol


def terms(
    frame: Frame,
    corr: Correlation,
    slice_: int,
    names: Names | None = None,
    fmt: str = "text",
    *,
    max_terms: int = 12,
) -> tuple[str, str]:
    """One slice's sum as (symbols, numbers), e.g. ("dL/do11·I11 + …", "(−0.1875)·1 + …"); long
    sums show their first ``max_terms`` terms and the count."""
    names = _dims_names(names, corr.N, corr.g.C, corr.F)
    times = "·"
    kernel_first = frame.mode == "dW"
    sym, num = [], []
    count = frame.kernel.shape[1]
    for t in range(min(count, max_terms)):
        f1, f2 = frame_factors(frame, corr, slice_, t)
        v_kernel, v_met = float(frame.kernel[slice_, t]), float(frame.met[slice_, t])
        first, second = (v_kernel, v_met) if kernel_first else (v_met, v_kernel)
        s1 = "0" if f1 is None else names.symbol(f1[0], f1[1], fmt)
        s2 = "0" if f2 is None else names.symbol(f2[0], f2[1], fmt)
        sym.append(f"{s1}{times}{s2}")
        num.append(f"{factor(first, fmt)}{times}{factor(second, fmt)}")
    more = f" + … ({count} terms)" if count > max_terms else ""
    return " + ".join(sym) + more, " + ".join(num) + more


SLICE_WORDS = {"n": "image", "f": "filter", "c": "channel"}


def equation(
    frame: Frame,
    corr: Correlation,
    shown: int = 0,
    names: Names | None = None,
    fmt: str = "text",
    *,
    max_terms: int = 12,
) -> list[str]:
    """The frame as equations, ``lhs = symbols = numbers = result``: one line when the sum has
    one slice; else the shown slice's sum, then the total over the slices (and the bias)."""
    left = lhs(frame, corr, names, fmt)
    sym, num = terms(frame, corr, shown, names, fmt, max_terms=max_terms)
    count = frame.kernel.shape[0]
    bias = frame.mode in ("o", "conv") and corr.has_bias
    names = _dims_names(names, corr.N, corr.g.C, corr.F)
    b_symbol = names.symbol("b", (frame.index[1],), fmt) if bias else ""
    if count == 1:
        if bias:
            sym, num = f"{sym} + {b_symbol}", f"{num} + {factor(frame.bias, fmt)}"
        return [f"{left} = {sym} = {num} = {number(frame.total, fmt)}"]
    word = SLICE_WORDS[SLICES[frame.mode]]
    partials = frame.partials()
    lines = [f"{word} {shown + 1}: {sym} = {num} = {number(float(partials[shown]), fmt)}"]
    more = f" + … ({count} {word}s)" if count > max_terms else ""
    by_name = " + ".join(f"{word} {k + 1}" for k in range(min(count, max_terms))) + more
    by_value = " + ".join(factor(float(v), fmt) for v in partials[:max_terms]) + more
    if bias:
        by_name, by_value = f"{by_name} + {b_symbol}", f"{by_value} + {factor(frame.bias, fmt)}"
    lines.append(f"{left} = {by_name} = {by_value} = {number(frame.total, fmt)}")
    return lines
