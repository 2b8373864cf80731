"""The scalar computation graph: every input, weight, product, sum and loss a node, lit as one steps."""
