"""Predict mode: the student types what a step will produce before it is shown."""
