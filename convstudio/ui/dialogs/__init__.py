"""Dialogs: the network editor and the Help pages."""
