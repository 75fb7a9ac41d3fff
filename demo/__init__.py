"""Demo data for development and tests: ``seed_demo`` and the data files it loads.

Production settings leave this app out, and no product app imports it.
"""
