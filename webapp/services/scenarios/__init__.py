"""Shortage scenarios: a baseline of the place plus changes, run on the real place engine.

`changes` (the levers and their checks), `baseline` (rows into solver input, through the
rotas adapter), `levers` (each change applied to that input), `work` (the solves, in a
child process), `results` (aggregates, never names), `fixes` (ranked levers), `runner` (the
job), `charts` and `briefing` (SVG, PDF and CSV).
"""
