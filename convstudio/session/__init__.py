"""The live session: its state with undo, the cursor, and every background job (training, autosave)."""
