"""How the window looks and speaks: colours, the theme and its fonts, number text, rich text."""
