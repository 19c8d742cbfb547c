"""Rendering: records (the JSON contract) → machine formats and people's
tables and cards.  Only returns data or renderables; the CLI prints.

- ``records``  the record of each listing (the contract of ``--json``)
- ``formats``  ``FORMATS``: format name → writer (json, jsonl, csv, tsv, yaml, md)
- ``tables``, ``depts``, ``cards``, ``findings``  Rich renderables for a terminal
- ``cells``    the padded table cell that makes Rich lay out each cell once
- ``labels``   the words people read for roles, kinds, fields
"""
