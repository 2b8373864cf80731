"""A transposed convolution explained by the window convolution's backward pass."""
