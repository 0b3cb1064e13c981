"""PyInstaller hook for pydantic, used by app.spec (hookspath) instead of the
pyinstaller-hooks-contrib one: the same submodules, less pydantic.v1, which the app
never imports and app.spec leaves out. The contrib hook asks for every v1 module
and so warned 25 times per build that each was "not found"."""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("pydantic", filter=lambda name: not name.startswith("pydantic.v1"))
