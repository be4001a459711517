"""Rotas: demand in the database turned into solver input, solved as a job, reviewed, published.

`problem` is the only module that turns rows into solver input and `solution` the only one
that writes a solver's answer back.
"""
