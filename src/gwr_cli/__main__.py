from gwr_cli.cli import main

main()
