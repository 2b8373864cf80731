"""The receptive field of any unit, as the cells a one-hot gradient on it reaches in the input."""
