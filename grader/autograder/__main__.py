"""`python -m grader.autograder`: what `run_autograder` runs on Gradescope."""

from grader.autograder.run import main

raise SystemExit(main())
