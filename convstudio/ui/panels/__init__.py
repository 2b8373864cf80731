"""The main window's panels: each a view over the session; they never import each other."""
