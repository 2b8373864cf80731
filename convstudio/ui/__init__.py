"""The window: panels, instruments, shared widgets, dialogs and the look, over the session."""
