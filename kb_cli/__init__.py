"""The `kb` command line, one module per command group."""
