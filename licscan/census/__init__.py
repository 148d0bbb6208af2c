"""A census of Hub models listed by author or search: judged from the listing's metadata, files only when needed."""

from licscan.census.run import Census, CensusQuery
from licscan.census.summary import CensusSummary, Mislabel

__all__ = ["Census", "CensusQuery", "CensusSummary", "Mislabel"]
