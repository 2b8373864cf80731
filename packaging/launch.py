"""The frozen program's entry point (PyInstaller starts here)."""

from convstudio.app import main

raise SystemExit(main())
