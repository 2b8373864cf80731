"""An optimiser's update step as equations, one line per quantity: the decayed gradient, the
momentum buffer or Adam's m and v, their bias corrections, the step size and the new parameter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from convstudio.engine.notation import number
from convstudio.engine.steps import Step
from convstudio.engine.update_math import UPDATES

if TYPE_CHECKING:
    from convstudio.engine.equations import _Format


def _tokens(fmt: str) -> dict[str, str]:
    if fmt == "latex":
        return {
            "b1": r"\beta_1", "b2": r"\beta_2", "lam": r"\lambda", "eps": r"\epsilon", "sq": "^2",
            "mhat": r"\hat{m}", "vhat": r"\sqrt{\hat{v}}", "step": r"\eta_t", "sep": r" \\ ",
        }  # fmt: skip
    sep = "<br>" if fmt == "html" else "\n"
    b1, b2 = ("β<sub>1</sub>", "β<sub>2</sub>") if fmt == "html" else ("β1", "β2")
    step = "η<sub>t</sub>" if fmt == "html" else "ηₜ"
    # the bundled upright font places a combining hat badly; its oblique places it right
    mhat, vhat = ("<i>m̂</i>", "√<i>v̂</i>") if fmt == "html" else ("m̂", "√v̂")
    return {
        "b1": b1, "b2": b2, "lam": "λ", "eps": "ε", "sq": "²",
        "mhat": mhat, "vhat": vhat, "step": step, "sep": sep,
    }  # fmt: skip


def _sqrt(body: str, fmt: str) -> str:
    return rf"\sqrt{{{body}}}" if fmt == "latex" else f"√({body})"


def _power(base: str, t: int, fmt: str) -> str:
    return (
        f"{base}^{{{t}}}" if fmt == "latex" else (f"{base}<sup>{t}</sup>" if fmt == "html" else f"{base}^{t}")
    )


def update_equation(step: Step, f: _Format) -> str:
    """The lines of an ``sgd`` or ``adam`` step, symbolic then with numbers."""
    cols = step.blocks[0].columns
    vals = UPDATES[step.op]([c.values[0] for c in cols], step.extra)
    x, tok = step.extra, _tokens(f.fmt)
    num = f.num

    def n(value: float) -> str:  # the intermediate values are the later lines' factors
        return number(value, f.fmt, f.digits)

    p_s, g0_s = f.factor(cols[0], 0), f.factor(cols[1], 0)
    p_n, g0_n = n(cols[0].values[0]), num(cols[1].values[0])
    lines = []
    g_s = g0_s
    if x["weight_decay"]:
        g_s = "g"
        lam = n(x["weight_decay"])
        lines.append(
            f"g = {g0_s} + {tok['lam']}{f.times}{p_s} = {g0_n} + {lam}{f.times}{num(cols[0].values[0])}"
            f" = {n(vals['g'])}"
        )
    g_n = num(vals["g"])
    lhs = f.sym(step.tensor, step.index)
    if step.op == "sgd":
        if "buffer" in vals:
            v_s = f.sym(x["state"], step.index)
            if len(cols) > 2:
                mu = n(x["momentum"])
                lines.append(
                    f"{v_s}{f.arrow}{f.mu}{f.times}{v_s} + {g_s} = {mu}{f.times}{num(cols[2].values[0])}"
                    f" + {g_n} = {n(vals['buffer'])}"
                )
            else:
                lines.append(f"{v_s}{f.arrow}{g_s} = {n(vals['buffer'])}")
            g_s, g_n = v_s, num(vals["buffer"])
        lines.append(
            f"{lhs}{f.arrow}{p_s}{f.minus}{f.eta}{f.times}{g_s} = {p_n}{f.minus}{n(x['lr'])}{f.times}{g_n}"
            f" = {n(step.result)}"
        )
        return tok["sep"].join(lines)
    m_s, v_s = (f.sym(key, step.index) for key in x["state"])
    b1, b2, t = tok["b1"], tok["b2"], x["t"]
    m_old, v_old = num(cols[2].values[0]), num(cols[3].values[0])
    lines.append(
        f"{m_s}{f.arrow}{b1}{f.times}{m_s} + (1{f.minus}{b1}){f.times}{g_s}"
        f" = {n(x['beta1'])}{f.times}{m_old} + {n(1.0 - x['beta1'])}{f.times}{g_n} = {n(vals['m'])}"
    )
    lines.append(
        f"{v_s}{f.arrow}{b2}{f.times}{v_s} + (1{f.minus}{b2}){f.times}{g_s}{tok['sq']}"
        f" = {n(x['beta2'])}{f.times}{v_old} + {n(1.0 - x['beta2'])}{f.times}{g_n}{tok['sq']}"
        f" = {n(vals['v'])}"
    )
    lines.append(f"{tok['mhat']} = {m_s}/(1{f.minus}{_power(b1, t, f.fmt)}) = {n(vals['m_hat'])}")
    lines.append(
        f"{tok['vhat']} = {_sqrt(v_s, f.fmt)}/{_sqrt('1' + f.minus + _power(b2, t, f.fmt), f.fmt)}"
        f" = {n(vals['root_v_hat'])}"
    )
    lines.append(
        f"{tok['step']} = {f.eta}/(1{f.minus}{_power(b1, t, f.fmt)})"
        f" = {n(x['lr'])}/{n(1.0 - x['beta1'] ** t)}"
        f" = {n(vals['step_size'])}"
    )
    lines.append(
        f"{lhs}{f.arrow}{p_s}{f.minus}{tok['step']}{f.times}{m_s}/({tok['vhat']} + {tok['eps']})"
        f" = {p_n}{f.minus}{n(vals['step_size'])}{f.times}{num(vals['m'])}"
        f"/({n(vals['root_v_hat'])} + {n(x['eps'])})"
        f" = {n(step.result)}"
    )
    return tok["sep"].join(lines)
