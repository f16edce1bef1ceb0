from seclint.cli import run

run()
