"""How well a classifier does: accuracy curves, the confusion matrix, its mistakes and its first filters."""
