"""Command modules, one per family; ``gwr_cli.cli.COMMANDS`` names them."""
