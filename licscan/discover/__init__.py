"""Discover the Hub models and datasets a code base uses: Python calls, notebooks, configs and scripts."""

from licscan.discover.collect import discover
from licscan.discover.interface import DiscoveredModel, Discovery, Location, Problem

__all__ = ["DiscoveredModel", "Discovery", "Location", "Problem", "discover"]
