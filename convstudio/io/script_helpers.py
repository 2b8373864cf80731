"""The functions both checking scripts, one-layer and network, share, as script text: reading the
numbers the export holds, comparing them with what the Markdown states, and the loss."""

HELPERS = '''def array(value):
    """A list of numbers, or a large array as its float64 bytes in base64 with its shape."""
    if isinstance(value, dict):
        raw = base64.b64decode(value["float64"])
        return np.frombuffer(raw, dtype="<f8").reshape(value["shape"])
    return np.array(value, dtype=float)


def agree(ours, stated):
    """Every number stated, or for a large tensor its first elements (the equations written out)
    and the sums of all its elements and of their absolute values. How many numbers that was."""

    def close(a, b, size):
        return np.allclose(a, b, rtol=1e-10, atol=1e-12 * (1.0 + size))

    if isinstance(stated, dict) and "first" in stated:
        flat = np.asarray(ours, dtype=float).reshape(-1)
        first = np.array(stated["first"], dtype=float)
        size = stated["sum_abs"]
        ok = close(flat[: len(first)], first, np.max(np.abs(first), initial=0.0))
        ok = ok and close(flat.sum(), stated["sum"], size) and close(np.abs(flat).sum(), size, size)
        return ok, len(first) + 2
    stated = array(stated)
    ours = np.asarray(ours, dtype=float)
    fits = ours.shape == stated.shape
    return fits and close(ours, stated, np.max(np.abs(stated), initial=0.0)), stated.size


def loss_of(kind, pred, target):
    """The loss, its gradient with respect to ``pred``, and for cross-entropy the softmax q."""
    if kind == "cross_entropy":
        N = pred.shape[0]
        e = np.exp(pred - pred.max(axis=1, keepdims=True))
        q = e / e.sum(axis=1, keepdims=True)
        labels = target.astype(int)
        onehot = np.zeros_like(q)
        onehot[np.arange(N), labels] = 1.0
        return -np.mean(np.log(q[np.arange(N), labels])), (q - onehot) / N, q
    return np.mean((pred - target) ** 2), 2.0 * (pred - target) / pred.size, None
'''
