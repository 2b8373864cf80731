"""Naive loop references that read like the formulas; the vectorised ops are checked against them."""

from __future__ import annotations

import math

import numpy as np


def conv2d(x, w, b=None, stride=(1, 1), padding=(0, 0), dilation=(1, 1)):
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    Ho = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    Wo = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    total = 0.0 if b is None else b[f]
                    for c in range(C):
                        for m in range(kh):
                            for k in range(kw):
                                r, s = i * sh + m * dh - ph, j * sw + k * dw - pw
                                if 0 <= r < H and 0 <= s < W:
                                    total += x[n, c, r, s] * w[f, c, m, k]
                    y[n, f, i, j] = total
    return y


def conv2d_grads(x, w, grad_y, stride=(1, 1), padding=(0, 0), dilation=(1, 1)):
    """The chain rule term by term: each output element sends grad_y back along its products."""
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    grad_x, grad_w = np.zeros_like(x), np.zeros_like(w)
    for n in range(N):
        for f in range(F):
            for i in range(grad_y.shape[2]):
                for j in range(grad_y.shape[3]):
                    g = grad_y[n, f, i, j]
                    for c in range(C):
                        for m in range(kh):
                            for k in range(kw):
                                r, s = i * sh + m * dh - ph, j * sw + k * dw - pw
                                if 0 <= r < H and 0 <= s < W:
                                    grad_w[f, c, m, k] += g * x[n, c, r, s]
                                    grad_x[n, c, r, s] += g * w[f, c, m, k]
    return grad_x, grad_w, grad_y.sum(axis=(0, 2, 3))


def _pool_windows(x, size, stride):
    (ph, pw), (sh, sw) = size, stride
    H, W = x.shape[2:]
    for i in range((H - ph) // sh + 1):
        for j in range((W - pw) // sw + 1):
            yield i, j, [(i * sh + m, j * sw + k) for m in range(ph) for k in range(pw)]


def max_pool2d(x, size, stride):
    N, C = x.shape[:2]
    out = {}
    for n in range(N):
        for c in range(C):
            for i, j, cells in _pool_windows(x, size, stride):
                out[n, c, i, j] = max(x[n, c, r, s] for r, s in cells)
    return _dict_to_array(out, N, C)


def max_pool2d_grad(x, grad_y, size, stride):
    grad_x = np.zeros_like(x)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i, j, cells in _pool_windows(x, size, stride):
                best = cells[0]
                for cell in cells[1:]:  # first maximum in row-major order wins ties
                    if x[n, c][cell] > x[n, c][best]:
                        best = cell
                grad_x[n, c][best] += grad_y[n, c, i, j]
    return grad_x


def avg_pool2d(x, size, stride):
    N, C = x.shape[:2]
    out = {}
    for n in range(N):
        for c in range(C):
            for i, j, cells in _pool_windows(x, size, stride):
                out[n, c, i, j] = sum(x[n, c, r, s] for r, s in cells) / len(cells)
    return _dict_to_array(out, N, C)


def avg_pool2d_grad(x, grad_y, size, stride):
    grad_x = np.zeros_like(x)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i, j, cells in _pool_windows(x, size, stride):
                for cell in cells:
                    grad_x[n, c][cell] += grad_y[n, c, i, j] / len(cells)
    return grad_x


def _dict_to_array(out, N, C):
    Ho = 1 + max(k[2] for k in out)
    Wo = 1 + max(k[3] for k in out)
    y = np.zeros((N, C, Ho, Wo))
    for key, value in out.items():
        y[key] = value
    return y


def linear(x, w, b=None):
    N, out_features = x.shape[0], w.shape[0]
    y = np.zeros((N, out_features))
    for n in range(N):
        for o in range(out_features):
            y[n, o] = sum(x[n, i] * w[o, i] for i in range(x.shape[1])) + (0.0 if b is None else b[o])
    return y


def mse(pred, target):
    diffs = [(p - t) ** 2 for p, t in zip(pred.ravel(), target.ravel(), strict=True)]
    return sum(diffs) / len(diffs)


def softmax_cross_entropy(logits, labels):
    total = 0.0
    for row, label in zip(logits, labels, strict=True):
        top = max(row)
        log_sum = top + math.log(sum(math.exp(v - top) for v in row))
        total += log_sum - row[label]
    return total / len(labels)


def numeric_grad(f, x, eps=1e-6):
    """Central differences of a scalar function f at every element of x."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        up = f()
        x[index] = saved - eps
        down = f()
        x[index] = saved
        grad[index] = (up - down) / (2 * eps)
    return grad


def conv_transpose2d(x, w, b=None, stride=(1, 1), padding=(0, 0), output_padding=(0, 0)):
    """Each input element spreads itself, times the filter, over the output (then the padding is cut)."""
    N, C, H, W = x.shape
    _, F, kh, kw = w.shape
    (sh, sw), (ph, pw), (oh, ow) = stride, padding, output_padding
    Ho, Wo = (H - 1) * sh - 2 * ph + kh + oh, (W - 1) * sw - 2 * pw + kw + ow
    y = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for c in range(C):
            for i in range(H):
                for j in range(W):
                    for f in range(F):
                        for m in range(kh):
                            for k in range(kw):
                                r, s = i * sh + m - ph, j * sw + k - pw
                                if 0 <= r < Ho and 0 <= s < Wo:
                                    y[n, f, r, s] += x[n, c, i, j] * w[c, f, m, k]
    if b is not None:
        for f in range(F):
            y[:, f] += b[f]
    return y


def conv_transpose2d_grads(x, w, grad_y, stride=(1, 1), padding=(0, 0)):
    """The chain rule term by term through conv_transpose2d's products."""
    N, C, H, W = x.shape
    _, F, kh, kw = w.shape
    (sh, sw), (ph, pw) = stride, padding
    Ho, Wo = grad_y.shape[2:]
    grad_x, grad_w = np.zeros_like(x), np.zeros_like(w)
    for n in range(N):
        for c in range(C):
            for i in range(H):
                for j in range(W):
                    for f in range(F):
                        for m in range(kh):
                            for k in range(kw):
                                r, s = i * sh + m - ph, j * sw + k - pw
                                if 0 <= r < Ho and 0 <= s < Wo:
                                    grad_x[n, c, i, j] += grad_y[n, f, r, s] * w[c, f, m, k]
                                    grad_w[c, f, m, k] += grad_y[n, f, r, s] * x[n, c, i, j]
    return grad_x, grad_w, grad_y.sum(axis=(0, 2, 3))


def _channel_values(x, c):
    """Every value of channel c over the batch (and the map), with where each came from."""
    if x.ndim == 2:
        return [((n, c), x[n, c]) for n in range(x.shape[0])]
    return [
        ((n, c, i, j), x[n, c, i, j])
        for n in range(x.shape[0])
        for i in range(x.shape[2])
        for j in range(x.shape[3])
    ]


def batch_norm(x, gamma, beta, eps):
    y = np.zeros_like(x)
    means, variances = np.zeros(x.shape[1]), np.zeros(x.shape[1])
    for c in range(x.shape[1]):
        cells = _channel_values(x, c)
        mean = sum(v for _, v in cells) / len(cells)
        var = sum((v - mean) ** 2 for _, v in cells) / len(cells)
        for index, v in cells:
            y[index] = gamma[c] * (v - mean) / math.sqrt(var + eps) + beta[c]
        means[c], variances[c] = mean, var
    return y, means, variances


def batch_norm_grads(x, gamma, grad_y, eps):
    """Through the whole Jacobian: dy_j/dx_i = gamma/sigma * (δij - 1/m - x̂_i x̂_j / m)."""
    grad_x = np.zeros_like(x)
    grad_gamma, grad_beta = np.zeros(x.shape[1]), np.zeros(x.shape[1])
    for c in range(x.shape[1]):
        cells = _channel_values(x, c)
        m = len(cells)
        mean = sum(v for _, v in cells) / m
        sigma = math.sqrt(sum((v - mean) ** 2 for _, v in cells) / m + eps)
        x_hat = [(v - mean) / sigma for _, v in cells]
        for a, (index_a, _) in enumerate(cells):
            grad_beta[c] += grad_y[index_a]
            grad_gamma[c] += grad_y[index_a] * x_hat[a]
            for b, (index_b, _) in enumerate(cells):
                jac = gamma[c] / sigma * ((a == b) - 1 / m - x_hat[a] * x_hat[b] / m)
                grad_x[index_a] += grad_y[index_b] * jac
    return grad_x, grad_gamma, grad_beta
