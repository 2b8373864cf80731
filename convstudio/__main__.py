from convstudio.app import main

raise SystemExit(main())
