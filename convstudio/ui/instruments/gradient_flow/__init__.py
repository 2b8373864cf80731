"""How large each layer's gradient is, iteration by iteration: the norms that show vanishing gradients."""
