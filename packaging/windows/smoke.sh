#!/usr/bin/env bash
# Smoke test of dist/dmc-units-<version>-setup.exe in a fresh Wine prefix, as a clinician's
# and a QA reviewer's laptop would run it. Called by build.sh (./dev windows), which sets
# up Wine (WINEPREFIX: a new prefix with the test-only DLL stand-ins; WINEQT_*, LC_ALL...):
#   smoke.sh SETUP.exe ONEDIR     (env: VERSION, SCREENSHOT=file.png or empty)
# One line per check; the first failure stops it (exit 1) with the program's output.
set -euo pipefail
SETUP=$1 ONEDIR=$2
: "${WINEPREFIX:?} ${VERSION:?}"
cd "$(dirname "$0")/../.."

U=$(id -un)                                    # Wine's user folder ($USER may be unset)
HOME_L=$WINEPREFIX/drive_c/users/$U            # C:\users\<u>, seen from Linux
HOME_W="C:\\users\\$U"
INST_L=$HOME_L/AppData/Local/Programs/dmc-units
INST_W="$HOME_W\\AppData\\Local\\Programs\\dmc-units"
APP="$INST_W\\dmc-units.exe"
CLI="$INST_W\\dmc-units-cli.exe"
SHORTCUT="$HOME_L/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/DMC units.lnk"
KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\dmc-units'
PACK=windows-smoke-crlf

OUT="" RC=0
ok() { echo "smoke: ok: $*" >&2; }
fail() {
    echo "smoke: FAILED: $*" >&2
    [[ -n $OUT ]] && printf '%s\n' "$OUT" | tail -n 15 | sed 's/^/    | /' >&2
    exit 1
}
run() { RC=0; OUT=$(wine "$@" </dev/null 2>&1 | cat) || RC=$?; }   # pipes, never files
has() { grep -qF -- "$1" <<<"$OUT"; }
files() { (cd "$1" && find . -type f | sort); }

# -- install -------------------------------------------------------------------------------
SECONDS=0
run "$SETUP" /S
((RC == 0)) || fail "silent install (setup.exe /S) exited with $RC"
expected=$( (files "$ONEDIR"; echo ./uninstall.exe) | sort)
[[ -d $INST_L && $(files "$INST_L") == "$expected" ]] ||
    fail "the install folder $INST_W does not hold exactly the bundle and uninstall.exe"
ok "silent install (/S, no administrator) into %LOCALAPPDATA%\\Programs\\dmc-units:" \
   "$(wc -l <<<"$expected") files, $(du -sh "$INST_L" | cut -f1), $SECONDS s"
[[ -f $SHORTCUT ]] && grep -qa 'dmc-units.exe' "$SHORTCUT" ||
    fail "no Start-menu shortcut to dmc-units.exe ($SHORTCUT)"
ok "Start-menu shortcut 'DMC units' to dmc-units.exe"
run reg query "$KEY"
for value in "DisplayName    REG_SZ    DMC units" "DisplayVersion    REG_SZ    $VERSION" \
             "Publisher    REG_SZ    dmc-units" "DisplayIcon" "InstallLocation" \
             "UninstallString" "QuietUninstallString" "NoModify" "NoRepair" "EstimatedSize"; do
    has "$value" || fail "the uninstall entry $KEY lacks $value"
done
ok "uninstall entry in HKCU: DMC units $VERSION, publisher, icon, quiet uninstall, size"
# An update: the setup again, over an install that holds a file an older version had.
touch "$INST_L/_internal/left-from-an-older-version.dll"
run "$SETUP" /S
((RC == 0)) && [[ $(files "$INST_L") == "$expected" ]] ||
    fail "installing again over the installed app (exit $RC) did not leave exactly the bundle"
ok "installing again (an update, /S): an older version's leftover file is gone"

# -- the two programs -----------------------------------------------------------------------
run "$APP" --self-check
((RC == 0)) && has "self-check ok" || fail "dmc-units.exe --self-check exited with $RC"
ok "dmc-units.exe --self-check (stdout a pipe): $(grep -m1 'self-check ok' <<<"$OUT")"
if [[ -n ${DMC_SIGN_PFX:-} ]]; then   # the installed programs are the signed ones
    for exe in dmc-units.exe dmc-units-cli.exe uninstall.exe; do
        osslsigncode verify ${DMC_SIGN_CAFILE:+-CAfile "$DMC_SIGN_CAFILE"} -in "$INST_L/$exe" \
            >/dev/null 2>&1 || fail "the installed $exe has no valid signature"
    done
    ok "installed dmc-units.exe, dmc-units-cli.exe and uninstall.exe are signed (verified)"
fi

run "$CLI" calc --code H0034 --discipline RN --minutes 100
((RC == 0)) && has "Claimable: H0034, 7 units" || fail "dmc-units-cli calc: not 7 units (exit $RC)"
ok "dmc-units-cli calc --code H0034 --discipline RN --minutes 100: $(head -1 <<<"$OUT")"

run "$CLI" calc --code H0034 --discipline RN --minutes abc
((RC == 2)) && ! has "Traceback" || fail "bad input: expected exit 2 and no traceback, got $RC"
ok "dmc-units-cli with bad input: exit 2, no traceback"

# An export at a path with spaces and non-ASCII letters; one line fine, one over-claimed.
EXPORTS_L="$HOME_L/Documents/QA exports"
mkdir -p "$EXPORTS_L"
printf '%s\r\n' "Date of Service,Client ID,Credential,Procedure Code,Duration,Billed Units" \
    "2025-03-03,M1,RN,H0034,100,7" "2025-03-03,M2,RN,H0034,100,9" >"$EXPORTS_L/Añejo ñ.csv"
run "$CLI" audit "$HOME_W\\Documents\\QA exports\\Añejo ñ.csv"
((RC == 0)) && has "Audited 2 lines" && has "finding: 1" ||
    fail "dmc-units-cli audit of 'QA exports\\Añejo ñ.csv' (exit $RC)"
ok "dmc-units-cli audit 'Documents\\QA exports\\Añejo ñ.csv': 2 lines, 1 finding"

# -- the window, on Wine's own display driver (not offscreen) ------------------------------
wineserver -k 2>/dev/null || true   # its desktop starts again, on the X display below
if [[ -n ${SCREENSHOT:-} ]]; then   # for the picture: Wine's desktop, with Windows' title bars
    run reg add 'HKCU\Software\Wine\Explorer' /v Desktop /d Default /f
    run reg add 'HKCU\Software\Wine\Explorer\Desktops' /v Default /d 1366x768 /f
    wineserver -k 2>/dev/null || true
fi
gui_check() {   # runs under xvfb-run; $1: screenshot file or empty
    local i
    env -u WINEQT_QPA_PLATFORM wine "$APP" </dev/null 2>&1 | cat &
    local pid=$!
    if [[ -z $1 ]]; then   # the app's own X window, once mapped
        for ((i = 0; i < 120; i++)); do
            xdotool search --onlyvisible --name 'DMC units' >/dev/null 2>&1 && break
            sleep 0.5
        done
        ((i < 120)) || { echo "no window after 60 s"; return 1; }
    else   # inside Wine's desktop window: wait until the screen stops changing
        local last=""
        settled() {
            for ((i = 0; i < 60; i++)); do
                sleep 1
                sum=$(import -window root -depth 8 rgb:- | md5sum)
                [[ $i -ge 4 && $sum == "$last" ]] && return 0
                last=$sum
            done
        }
        settled
        # a clinician's first answer: discipline, service, minutes, as typed
        xdotool type --delay 80 "RN"; xdotool key Tab
        xdotool type --delay 80 "H0034"; xdotool key Tab
        xdotool type --delay 80 "100"
        last="" && settled
        import -window root "$1"
    fi
    wine taskkill /IM dmc-units.exe </dev/null 2>&1 | cat   # WM_CLOSE, as the close button
    for ((i = 0; i < 60; i++)); do   # the app saves its preferences and quits
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    echo "the app did not quit within 30 s of WM_CLOSE"
    return 1
}
SECONDS=0   # (xvfb-run is a sh script: the function travels as text, not exported)
OUT=$(APP=$APP xvfb-run -a -s "-screen 0 1366x768x24" \
      bash -c "$(declare -f gui_check); gui_check \"\$1\"" _ "${SCREENSHOT:-}" 2>&1) ||
    fail "the window on Wine's display driver"
PREFS_L=$HOME_L/AppData/Local/dmc-units/dmc-units.conf   # QStandardPaths GenericConfigLocation
[[ -f $PREFS_L ]] || fail "closing the window wrote no preferences to $PREFS_L"
ok "window shown on Wine's display driver (qwindows) and closed (WM_CLOSE) in $SECONDS s;" \
   "preferences saved${SCREENSHOT:+; screenshot $SCREENSHOT}"

# -- a rules pack with Windows line endings (CRLF), as an analyst's editor saves it ------
PACK_L="$EXPORTS_L/pack $PACK"
PACK_W="$HOME_W\\Documents\\QA exports\\pack $PACK"
mkdir -p "$PACK_L"
cp resources/rules/*.toml "$PACK_L/"
sed -i -e "s/^id = \".*\"/id = \"$PACK\"/" -e 's/^effective_from = .*/effective_from = 2025-07-01/' \
    -e 's/^review_by = .*/review_by = 2099-06-30/' "$PACK_L/rules.toml"   # the manifest
sed -i 's/$/\r/' "$PACK_L"/*.toml
run "$CLI" rules check "$PACK_W"
((RC == 0)) && has "ok: $PACK" || fail "dmc-units-cli rules check of the CRLF pack (exit $RC)"
ok "dmc-units-cli rules check of a pack with CRLF line endings"
PACKS_L=$HOME_L/AppData/Roaming/dmc-units/packs   # core.packs.user_packs_dir()
run "$CLI" rules --help
if grep -qE '[{,]add[,}]|^ +add( |$)' <<<"$OUT"; then   # the CLI adds packs as File > Add rules pack does
    run "$CLI" rules add "$PACK_W"
    ((RC == 0)) || fail "dmc-units-cli rules add of the CRLF pack (exit $RC)"
    how="added with 'rules add'"
else                 # no CLI for it (yet): what an analyst does by hand
    mkdir -p "$PACKS_L" && cp -r "$PACK_L" "$PACKS_L/$PACK"
    how="copied into %APPDATA%\\dmc-units\\packs (the CLI has no 'rules add')"
fi
run "$CLI" rules list
((RC == 0)) && has "$PACK: version" && grep -q "^$PACK: .*<- in force" <<<"$OUT" &&
    ! grep -q "^Note: .*$PACK" <<<"$OUT" || fail "the CRLF pack is not listed, or not in force"
run "$CLI" calc --code H0034 --discipline RN --minutes 100
has "(pack $PACK)" || fail "calc at the next start does not use the CRLF pack"
ok "CRLF pack $how; at the next start 'rules list' and calc use it"

# -- where it wrote ----------------------------------------------------------------------------
[[ $(files "$INST_L") == "$expected" ]] ||
    fail "files appeared beside the exe: $(comm -13 <(echo "$expected") <(files "$INST_L") | head -3)"
[[ -f $PACKS_L/$PACK/rules.toml ]] || fail "the added pack is not in %APPDATA%\\dmc-units\\packs"
wrote=$(cd "$HOME_L/AppData" && find Roaming/dmc-units Local/dmc-units -mindepth 1 -maxdepth 2 |
        sed 's|^Roaming|%APPDATA%|; s|^Local|%LOCALAPPDATA%|; s|/|\\|g' | sort | paste -sd' ' -)
ok "nothing written beside the exe; the user's folders hold: $wrote"

# -- uninstall ---------------------------------------------------------------------------------
run "$INST_L/uninstall.exe" /S   # it copies itself to %TEMP% and returns at once
SECONDS=0
while [[ -e $INST_L ]] && ((SECONDS < 60)); do sleep 1; done
[[ ! -e $INST_L ]] || fail "uninstall.exe /S left $(files "$INST_L" | wc -l) files in $INST_W"
timeout 60 wineserver -w || true   # the uninstaller's last steps done
[[ ! -e $SHORTCUT ]] || fail "uninstall left the Start-menu shortcut"
run reg query "$KEY"
((RC != 0)) || fail "uninstall left the registry key $KEY"
[[ -f $PREFS_L ]] || fail "uninstall removed the user's preferences (they are the user's)"
ok "uninstall.exe /S: no install folder, no shortcut, no HKCU entry; the user's" \
   "preferences and packs stay in %LOCALAPPDATA% / %APPDATA%"
