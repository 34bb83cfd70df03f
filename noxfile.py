"""nox sessions for the release gates antsibull-nox declares; antsibull-nox.toml configures them.

Run through `make lint` (which pins their transitive packages), or by hand: `nox -e lint docs-check`.
"""

import antsibull_nox
import nox

antsibull_nox.load_antsibull_nox_toml()

if __name__ == "__main__":
    nox.main()
