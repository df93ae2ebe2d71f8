"""Helpers that tests in several folders share: tiny scenarios and the command line."""
