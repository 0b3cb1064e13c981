"""Entry script of the console program dmc-units-cli (app.spec): the commands of
``python -m core`` (calc, audit, rules ...), for QA reviewers."""

from core.cli import main

raise SystemExit(main())
