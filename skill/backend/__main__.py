"""`python -m skill.backend ...` == `video-skill serve ...`."""
import sys

from skill.backend.serve import main

raise SystemExit(main(sys.argv[1:]))
