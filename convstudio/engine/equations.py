"""A step as an equation: ``lhs = symbolic = numbers = result``, in plain text, HTML or LaTeX."""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol

from convstudio.engine.hand_check import factor_digits
from convstudio.engine.notation import MINUS, factor, number
from convstudio.engine.steps import Column, Step
from convstudio.engine.update_equations import update_equation
from convstudio.engine.update_math import UPDATES


class Namer(Protocol):
    """What names tensors: the one-layer trace's Names or a network trace's NetworkNames."""

    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str: ...


def _fraction(scale: float, fmt: str) -> str:
    frac = Fraction(scale).limit_denominator(100000)
    if abs(float(frac) - scale) > 1e-12 * abs(scale):
        return number(scale, fmt)
    sign = MINUS if frac < 0 and fmt != "latex" else "-" if frac < 0 else ""
    a, b = abs(frac.numerator), frac.denominator
    if b == 1:
        return f"{sign}{a}"
    if fmt == "latex":
        return rf"{sign}\frac{{{a}}}{{{b}}}"
    return f"{sign}{a}/{b}" if fmt == "text" else f"{sign}<sup>{a}</sup>/<sub>{b}</sub>"


class _Format:
    def __init__(self, fmt: str, names: Namer) -> None:
        self.fmt, self.names = fmt, names
        latex = fmt == "latex"
        self.times = r" \cdot " if latex else "·"
        self.minus = " - " if latex else f" {MINUS} "
        self.arrow = r" \leftarrow " if latex else " ← "
        self.eta = r"\eta" if latex else "η"
        self.mu = r"\mu" if latex else "μ"
        self.digits = 6  # of the factors: as many as a check by hand needs

    def sym(self, tensor: str, index: tuple[int, ...]) -> str:
        return self.names.symbol(tensor, index, self.fmt)

    def factor(self, col: Column, row: int) -> str:
        if col.onehot is not None:  # no "=" inside: the equations break lines at " = "
            label, k = col.onehot
            y = self.sym("y", label)
            return rf"\delta({y},{k + 1})" if self.fmt == "latex" else f"δ({y},{k + 1})"
        if col.tensor is None:
            return dict(col.labels).get(self.fmt, col.label)
        if col.pad is not None and col.pad[row]:
            return "0"
        s = self.sym(col.tensor, col.cell(row))
        latex = self.fmt == "latex"
        if col.wrap == "relu'":
            return f"[{s} > 0]"
        if col.wrap == "sigmoid'":
            return rf"\sigma'({s})" if latex else f"σ′({s})"
        if col.wrap == "tanh'":
            return rf"\tanh'({s})" if latex else f"tanh′({s})"
        if col.wrap == "ismax":
            return rf"[{s} \text{{ is max}}]" if latex else f"[{s} is max]"
        return s

    def num(self, value: float) -> str:
        return factor(value, self.fmt, self.digits)

    def scaled(self, scale: float, body: str, grouped: bool) -> str:
        """``scale·body``; a sum of several terms (or a negative number) goes in parentheses."""
        if scale == 1:
            return body
        if grouped or body.startswith((MINUS, "-")):
            body = f"({body})"
        if scale == -1:
            return f"-{body}" if self.fmt == "latex" else f"{MINUS}{body}"
        return f"{_fraction(scale, self.fmt)}{self.times}{body}"


def equation(
    step: Step,
    names: Namer,
    fmt: str = "text",
    *,
    terms: int | None = None,
    max_terms: int = 8,
) -> str:
    """``lhs = symbolic = numbers = result`` for a step; ``terms`` limits a sum to its first terms
    (a partial sum while stepping term by term). Long sums show their first terms and the count."""
    f = _Format(fmt, names)
    lhs = f.sym(step.tensor, step.index)
    equals = " = "
    if (terms is None or terms >= step.n_terms) and step.n_terms <= max_terms:
        f.digits = factor_digits(step)  # every factor is shown: the sum can be checked by hand
    if step.op == "update":
        return _update_equation(step, f)
    if step.op in UPDATES:
        return update_equation(step, f)
    if step.op == "normalise":
        return _normalise_equation(step, f)
    if step.op in ("relu", "sigmoid", "tanh"):
        col = step.blocks[0].columns[0]
        arg_s, arg_n = f.factor(col, 0), number(col.values[0], fmt, f.digits)
        func = {
            "relu": ("max(0, {})", r"\max(0, {})"),
            "sigmoid": ("σ({})", r"\sigma({})"),
            "tanh": ("tanh({})", r"\tanh({})"),
        }
        pattern = func[step.op][1 if fmt == "latex" else 0]
        return equals.join([lhs, pattern.format(arg_s), pattern.format(arg_n), number(step.result, fmt)])
    count = step.n_terms
    shown = count if terms is None else min(terms, count)
    head = min(shown, max_terms)
    sym_terms, num_terms = [], []
    for t in range(head):
        cols = step.term_factors(t)
        sym_terms.append(_join_factors([f.factor(c, r) for c, r in cols], f, step.op))
        bare = len(cols) == 1 or step.op in ("max", "softmax", "sqdiff", "neglog")
        num_terms.append(
            _join_factors(
                [number(c.values[r], fmt, f.digits) if bare else f.num(c.values[r]) for c, r in cols],
                f,
                step.op,
            )
        )
    more = ""
    if shown > head:
        more = r" + \dots" if fmt == "latex" else " + …"
    tail = ""
    if shown > head:
        tail = f" ({shown} terms)" if fmt != "latex" else rf" \quad ({shown}\text{{ terms}})"
    elif terms is not None and shown < count:
        tail = (
            f" (term {shown} of {count})"
            if fmt != "latex"
            else rf" \quad (\text{{term }}{shown}\text{{ of }}{count})"
        )
    value = step.result if terms is None or shown >= count else step.partial(shown)
    if step.op == "sum":
        sym = f.scaled(step.scale, _sum(sym_terms, fmt) + more, grouped=count > 1)
        num = f.scaled(step.scale, _sum(num_terms, fmt) + more, grouped=count > 1)
    elif step.op == "max":
        sep = ", "
        dots = r", \dots" if fmt == "latex" and more else (", …" if more else "")
        sym = (r"\max(" if fmt == "latex" else "max(") + sep.join(sym_terms) + dots + ")"
        num = (r"\max(" if fmt == "latex" else "max(") + sep.join(num_terms) + dots + ")"
    elif step.op == "softmax":
        k = step.extra["k"]
        col = step.blocks[0].columns[0]
        top_s, top_n = f.factor(col, k), number(col.values[k], fmt, f.digits)
        if fmt == "latex":
            sym = rf"\frac{{e^{{{top_s}}}}}{{{' + '.join('e^{' + s + '}' for s in sym_terms)}{more}}}"
            num = rf"\frac{{e^{{{top_n}}}}}{{{' + '.join('e^{' + s + '}' for s in num_terms)}{more}}}"
        else:
            sym = f"exp({top_s}) / ({' + '.join('exp(' + s + ')' for s in sym_terms)}{more})"
            num = f"exp({top_n}) / ({' + '.join('exp(' + s + ')' for s in num_terms)}{more})"
    elif step.op == "sqdiff":
        sq = "^2" if fmt == "latex" else "²"
        sym = f.scaled(step.scale, " + ".join(f"({s}){sq}" for s in sym_terms) + more, grouped=count > 1)
        num = f.scaled(step.scale, " + ".join(f"({s}){sq}" for s in num_terms) + more, grouped=count > 1)
    elif step.op == "neglog":
        log = r"\log " if fmt == "latex" else "log "
        sym = f.scaled(step.scale, " + ".join(log + s for s in sym_terms) + more, grouped=True)
        num = f.scaled(step.scale, " + ".join(log + s for s in num_terms) + more, grouped=True)
    else:  # diff
        sym = f.scaled(step.scale, sym_terms[0], grouped=True) if step.scale != 1 else sym_terms[0]
        num = f.scaled(step.scale, num_terms[0], grouped=True) if step.scale != 1 else num_terms[0]
    return equals.join([lhs, sym, num, number(value, fmt)]) + tail


def _normalise_equation(step: Step, f: _Format) -> str:
    """x̂ = (x − μ)/√(σ² + ε), symbolic and with numbers."""
    x, mu, var = step.blocks[0].columns
    eps = "\\epsilon" if f.fmt == "latex" else "ε"

    def root(body: str) -> str:
        return f"\\sqrt{{{body}}}" if f.fmt == "latex" else f"√({body})"

    sym = f"({f.factor(x, 0)}{f.minus}{f.factor(mu, 0)})/{root(f.factor(var, 0) + ' + ' + eps)}"
    values = (
        number(x.values[0], f.fmt, f.digits),
        f.num(mu.values[0]),
        number(var.values[0], f.fmt, f.digits),
    )
    eps = number(step.extra["eps"], f.fmt, f.digits)
    num = f"({values[0]}{f.minus}{values[1]})/{root(values[2] + ' + ' + eps)}"
    return " = ".join([f.sym(step.tensor, step.index), sym, num, number(step.result, f.fmt)])


def _sum(terms: list[str], fmt: str) -> str:
    """Terms joined by + , a leading minus sign turned into a subtraction: 1 + 3.5 − 1.5."""
    minus = "-" if fmt == "latex" else MINUS
    out = terms[0] if terms else "0"
    for term in terms[1:]:
        out += f" {minus} {term[1:]}" if term.startswith(minus) else f" + {term}"
    return out


def _join_factors(parts: list[str], f: _Format, op: str) -> str:
    if op in ("sqdiff", "diff"):
        return f.minus.join(parts)
    if op in ("max", "softmax", "neglog"):
        return parts[0]
    return f.times.join(parts)


def _update_equation(step: Step, f: _Format) -> str:
    cols = step.blocks[0].columns
    w, g = cols[0], cols[-1]
    lr = number(step.extra["lr"], f.fmt, f.digits)
    w_s, g_s = f.factor(w, 0), f.factor(g, 0)
    w_n, g_n = number(w.values[0], f.fmt, f.digits), f.num(g.values[0])
    if len(cols) == 3:
        v = cols[1]
        mu = number(step.extra["momentum"], f.fmt, f.digits)
        v_s = f.factor(v, 0)
        v_new = step.extra["momentum"] * v.values[0] + g.values[0]
        first = (
            f"{v_s}{f.arrow}{f.mu}{f.times}{v_s} + {g_s}"
            f" = {mu}{f.times}{f.num(v.values[0])} + {g_n} = {number(v_new, f.fmt)}"
        )
        second = (
            f"{f.sym(step.tensor, step.index)}{f.arrow}{w_s}{f.minus}{f.eta}{f.times}{v_s}"
            f" = {w_n}{f.minus}{lr}{f.times}{f.num(v_new)} = {number(step.result, f.fmt)}"
        )
        sep = r" \\ " if f.fmt == "latex" else ("<br>" if f.fmt == "html" else "\n")
        return first + sep + second
    return (
        f"{f.sym(step.tensor, step.index)}{f.arrow}{w_s}{f.minus}{f.eta}{f.times}{g_s}"
        f" = {w_n}{f.minus}{lr}{f.times}{g_n} = {number(step.result, f.fmt)}"
    )
