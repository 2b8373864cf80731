"""The nudge experiment: finite differences beside backprop, for one weight or every one."""
