"""The roster engine: one team's shifts over a horizon (the nurse-rostering problem).

The pipeline, in the order a solve runs it:

- ``problem``: the problem and its solution as frozen dataclasses; ``curtois``
  and ``long_instances`` read and build benchmark problems;
- ``model/``: the CP-SAT variables, one module per rule (``model/rules``), the
  whole model (``build``) and running CP-SAT on it (``cpsat``);
- ``columns/``: column generation: a bound and a first roster (``plan``);
- ``search/``: the entry point (``solve``), the neighbourhood search, the
  person-by-person start for long problems and the greedy baseline;
- ``check/``: the independent validator and the reasons cover stays short.
"""
