"""Shared widgets that know no panel: the matrix view, the pickers."""
