"""Tests of crpsgen/extensions/, one file per extension module, through support.convert."""
