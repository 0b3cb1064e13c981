"""The help names the command the user ran: dmc-units-cli in the installed bundle."""

import sys

import pytest

from core.cli import main


@pytest.mark.parametrize("frozen, usage", [(False, "usage: python -m core"),
                                           (True, "usage: dmc-units-cli")])
def test_help_names_the_command_the_user_ran(monkeypatch, capsys, frozen, usage):
    if frozen:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(usage)
