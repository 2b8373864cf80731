"""The loss landscape: the loss over two weights, and the path gradient descent takes on it."""
