"""Routers: thin handlers that call one knowledge-base service each."""
