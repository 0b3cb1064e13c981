#!/usr/bin/env bash
# bash packaging/windows/tests.sh core|gui|all
#
# The test suites under a Windows Python in Wine, run from this checkout (Wine shows / as Z:).
#   core  the import contracts (import-linter), then tests/core
#   gui   tests/gui, on Qt's offscreen platform
#   all   both
# Needs, exported: WINEPREFIX, a Wine prefix holding a Windows Python with the app's
# dependencies and its test extras (pytest, pytest-qt, hypothesis, import-linter), and WINPY,
# the Windows path of its python.exe (C:\py\python.exe). `./dev windows --tests` makes one
# and calls this; docs/packaging.md ("Tests under Wine") says how to make your own.
# Prints one line per suite with its time; exits 1 if any fails (the output above says what).
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { echo "windows tests: $*" >&2; }
die() { say "$*"; exit 2; }

case ${1:-} in
    core | gui) SUITES=("$1") ;;
    all) SUITES=(core gui) ;;
    *) sed -n '2,12s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
[[ -n ${WINEPREFIX:-} && -d ${WINEPREFIX:-} ]] || die "WINEPREFIX must name a Wine prefix"
[[ -n ${WINPY:-} ]] || die "WINPY must be the Windows path of its python.exe (C:\\py\\python.exe)"
FONTS=/usr/share/fonts/truetype/dejavu
[[ -f $FONTS/DejaVuSans.ttf ]] || die "no DejaVu fonts (apt-get install fonts-dejavu-core)"
# A suite that has not ended by then hangs (a dialog no test answers, say): stop it.
LIMIT=${WINE_TESTS_TIMEOUT:-1200}

# --- Wine, as the suites need it -------------------------------------------------------------
# Wine passes no QT_* variable to Windows programs, but WINEQT_* ones as QT_*: Qt's headless
# platform, and its fonts (without them Qt gives sizes <= 0 and the GUI tests fail on its
# warnings). The fonts: DejaVu Sans and Sans Mono alone, the ones fontconfig gives Qt on
# Linux; in a folder of every DejaVu font Qt took the first, DejaVu Math TeX Gyre, and the
# window came out wider than on Linux. No Mono or Gecko prompts; quiet; no desktop.
# C.UTF-8: non-ASCII file names made under Wine reach Linux intact (Windows Python still
# writes cp1252 to pipes, as on a US Windows).
QTFONTS=$WINEPREFIX/drive_c/qtfonts
rm -rf "$QTFONTS" && mkdir -p "$QTFONTS"
cp "$FONTS"/DejaVuSans.ttf "$FONTS"/DejaVuSans-Bold.ttf "$FONTS"/DejaVuSansMono.ttf \
    "$FONTS"/DejaVuSansMono-Bold.ttf "$QTFONTS"/
export WINEDEBUG=${WINEDEBUG:--all} WINEDLLOVERRIDES="mscoree,mshtml="
export WINEQT_QPA_PLATFORM=offscreen WINEQT_QPA_FONTDIR='C:\qtfonts'
export LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY
# The CLI and app tests start ~100 new Pythons: let them keep the bytecode of core/ and
# gui/ (in the prefix, not in the checkout) instead of compiling it at every start.
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX='C:\pycache'

# Wine 8.0 lacks two DLLs the wheels load: test-only stand-ins (wine-standins/*.c) into this
# prefix when it has none. They never go into the bundle or the installer.
SYSTEM32=$WINEPREFIX/drive_c/windows/system32
for dll in bcryptprimitives icuuc; do
    [[ -f $SYSTEM32/$dll.dll ]] && continue
    command -v x86_64-w64-mingw32-gcc >/dev/null ||
        die "$dll.dll is missing from the prefix (apt-get install gcc-mingw-w64-x86-64-win32)"
    x86_64-w64-mingw32-gcc -shared -O2 -s -o "$SYSTEM32/$dll.dll" \
        "packaging/windows/wine-standins/$dll.c" -ladvapi32
    say "compiled the stand-in $dll.dll into $SYSTEM32"
done

# Runs the Windows Python with "$@", its output shown and kept in $LOG. Windows Python dies
# at start when its stdout/stderr are regular files: they are pipes here.
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
winpy() {
    local rc=0
    timeout --kill-after=10 "$LIMIT" wine "$WINPY" "$@" </dev/null 2>&1 | tee "$LOG" ||
        rc=${PIPESTATUS[0]}
    if ((rc == 124 || rc == 137)); then
        wineserver -k 2>/dev/null || true   # what Wine still runs for the stopped program
        echo "(no result after $LIMIT s: stopped)" >>"$LOG"
    fi
    return "$rc"
}
last_line() { tr -d '\r' <"$LOG" | sed '/^\s*$/d' | tail -n 1 | sed 's/^[= ]*//; s/[= ]*$//'; }

failed=()
for suite in "${SUITES[@]}"; do
    start=$SECONDS
    contracts=""
    rc=0
    if [[ $suite == core ]]; then
        # Scripts\lint-imports.exe exits 1 with no output under Wine: its module, then.
        winpy -c 'import sys; from importlinter.cli import lint_imports_command
sys.exit(lint_imports_command())' --no-logo --no-cache || rc=$?
        contracts=$(tr -d '\r' <"$LOG" | sed -n 's/^Contracts: \(.*\)\.$/\1/p')
        contracts="import contracts: ${contracts:-$(last_line)}; "
    fi
    if ((rc == 0)); then
        winpy -m pytest -q -p no:cacheprovider "tests/$suite" || rc=$?
        result=$(last_line)
    else
        result="tests not run"
    fi
    say "$suite: ${contracts}${result} ($((SECONDS - start)) s)"
    ((rc == 0)) || failed+=("$suite")
done
((${#failed[@]} == 0)) || { say "FAILED: ${failed[*]}"; exit 1; }
