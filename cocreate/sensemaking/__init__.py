"""Sensemaking: the analysis and decision methods of Cocreate, as pure Python with no Django imports.

Opinion maps, pairwise wiki-survey ranking, participatory-budgeting rules and similar-text search. Each module takes
plain data (lists, arrays, file paths) and returns plain data, so it can be tested against reference data, benchmarked
and used from the ``cocreate-sense`` command line without a server.
"""
