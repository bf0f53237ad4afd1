"""Custody Casebook: prosecutions of prison and jail staff, from public documents to a queryable database."""

__version__ = "0.1.0"
