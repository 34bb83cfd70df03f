"""A local stand-in for a self-hosted Palette system console and an SMTP server.

Used by the integration tests, the Molecule scenarios and `make demo`; no live
Palette is needed. See lab.py for the pair, api.py for the simulated API.
"""
