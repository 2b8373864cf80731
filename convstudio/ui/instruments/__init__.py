"""The teaching instruments, one folder each (view plus its table, plot and words); registry.py lists them."""
