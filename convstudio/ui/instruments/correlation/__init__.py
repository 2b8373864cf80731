"""The gradient as a correlation: dL/do sliding over the input, one dL/dW per position."""
