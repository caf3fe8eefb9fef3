"""The test suite: unit tests of the pure modules and services, end-to-end tests through the
sandbox Bot API (see README, "Tests")."""

import sys

# Where PYTHONDONTWRITEBYTECODE is set (as on this team's machines), every pytest process (one
# per xdist worker) would compile the whole tree and rewrite every test module's asserts again:
# ~3 s each. Bytecode under __pycache__ (git-ignored) is harmless and makes later runs start
# fast. This package is imported before any conftest, test or bot module.
sys.dont_write_bytecode = False
