"""The drawing pad: a learner's own picture, what the network makes of it, and its trace."""
