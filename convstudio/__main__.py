"""`python -m convstudio`: the same as the `convstudio` command."""

from convstudio.app import main

raise SystemExit(main())
