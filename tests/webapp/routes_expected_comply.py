"""Who may download the whole compliance matrix: those who may see the paged one."""

from .routes_expected import R

EXPECTED = {"compliance.matrix_csv": {R.MANAGER, R.WORKFORCE_LEAD, R.ADMIN}}
