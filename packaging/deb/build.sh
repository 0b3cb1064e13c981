#!/usr/bin/env bash
# ./dev deb [--no-chroot-test]: build dist/dmc-units_<version>_amd64.deb and test it.
#   1. the bundle: dist/dmc-units (PyInstaller, app.spec), reused when it is newer than
#      every source file, app.spec, pyproject.toml and the last pip install into .venv
#   2. Depends: every library an ELF file of the bundle links that the bundle does not
#      carry, found with ldconfig and mapped to its package with dpkg -S
#   3. the package: /opt/dmc-units, /usr/bin/dmc-units and dmc-units-cli (symlinks), the
#      menu entry and icon, built with dpkg-deb --root-owner-group
#   4. the test (as root; --no-chroot-test skips it): a bare Debian 12 (debootstrap
#      --variant=minbase, cached in build/deb/) where the bundle copied in alone must say
#      in one line what to install; then apt-get install of the .deb with its Depends only,
#      the self-check and the CLI as root and as a user, apt-get remove leaving nothing.
# Each phase prints its time. See docs/packaging.md, "Debian package".
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { echo "deb: $*" >&2; }
die() { say "$*"; exit 1; }
START=$SECONDS PHASE_START=$SECONDS
phase() { say "$1 ($((SECONDS - PHASE_START)) s)"; PHASE_START=$SECONDS; }

CHROOT_TEST=1
for arg in "$@"; do
    case $arg in
        --no-chroot-test) CHROOT_TEST=0 ;;
        *) die "unknown argument: $arg (usage: ./dev deb [--no-chroot-test])" ;;
    esac
done
[[ $(uname -m) == x86_64 ]] || die "builds amd64 packages only (this is $(uname -m))"
if ((CHROOT_TEST && EUID != 0)); then
    die "the chroot test needs root (debootstrap, chroot, mount): run as root, or ./dev deb --no-chroot-test"
fi

PY=.venv/bin/python
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' core/__init__.py)
[[ -n $VERSION ]] || die "no __version__ in core/__init__.py"
DEB=dist/dmc-units_${VERSION}_amd64.deb
WORK=build/deb
BUNDLE=dist/dmc-units
HOOK=pyinstaller_hooks/pyi_rth_system_libs.py
# Never a default address that says where it came from: set your own for a real release.
MAINTAINER=${DEB_MAINTAINER:-dmc-units maintainers <dmc-units@localhost>}

# The tools this script uses, installed when missing (as root; CI is a fresh Debian 12).
need=()
command -v objdump >/dev/null || need+=(binutils)
if ((CHROOT_TEST)); then
    command -v debootstrap >/dev/null || need+=(debootstrap)
    command -v zstd >/dev/null || need+=(zstd)
    [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] || need+=(debian-archive-keyring)
fi
if ((${#need[@]})); then
    ((EUID == 0)) || die "needs ${need[*]}: apt-get install ${need[*]} (as root)"
    say "installing ${need[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

# 1. The bundle ---------------------------------------------------------------------------
fresh() {   # dist/dmc-units is newer than everything it is built from
    [[ -x $BUNDLE/dmc-units && -x $BUNDLE/dmc-units-cli ]] || return 1
    [[ -z $(find core gui resources pyinstaller_hooks packaging/dmc_units_cli.py app.spec \
                 pyproject.toml .venv/.dev-pyproject.sha256 -newer "$BUNDLE/dmc-units" \
                 -print -quit 2>/dev/null) ]]
}
if fresh; then
    say "reusing $BUNDLE (built after the last change to its sources)"
else
    say "building $BUNDLE with PyInstaller (15-60 s)"
    "$PY" -m PyInstaller --noconfirm --clean --log-level WARN app.spec
fi
[[ -x $BUNDLE/dmc-units-cli ]] || die "$BUNDLE has no dmc-units-cli (app.spec builds it)"
phase "bundle ready: $(du -sh "$BUNDLE" | cut -f1)"

# 2. Depends ------------------------------------------------------------------------------
GLIBC='^(ld-linux-x86-64\.so\.2|lib(c|m|dl|pthread|rt|util|resolv)\.so\.[0-9]+)$'
elfs=()
while IFS= read -r -d '' f; do
    [[ $(head -c 4 "$f" | od -An -c | tr -d ' \n') == 177ELF ]] && elfs+=("$f")
done < <(find "$BUNDLE" -type f -print0)
needed=$(for f in "${elfs[@]}"; do objdump -p "$f" | awk '$1 == "NEEDED" {print $2}'; done | sort -u)
bundled=$(find "$BUNDLE" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u)
from_os=$(comm -23 <(echo "$needed") <(echo "$bundled"))
# soname -> its path (ldconfig's cache) -> the installed package that has the path, as
# ldconfig names it, below /usr (merged /usr) or resolved; one dpkg-query for them all.
declare -A path_of package_of
while read -r so path; do path_of[$so]=$path; done < <(
    /sbin/ldconfig -p | awk '/x86-64/ && !seen[$1]++ {print $1, $NF}')
paths=()
for so in $from_os; do
    p=${path_of[$so]:-}
    [[ -n $p ]] && paths+=("$p" "/usr$p" "$(realpath "$p")")
done
while IFS= read -r line; do   # "libc6:amd64: /lib/x86_64-linux-gnu/libc.so.6"
    package_of[${line#*: }]=${line%%[:,]*}
done < <(dpkg-query -S "${paths[@]}" 2>/dev/null || true)
packages=() problems=()
for so in $from_os; do
    pkg=
    p=${path_of[$so]:-}
    [[ -n $p ]] && for p in "$p" "/usr$p" "$(realpath "$p")"; do
        pkg=${package_of[$p]:-} && [[ -n $pkg ]] && break
    done
    [[ -n $pkg ]] || { problems+=("$so: no installed package has it"); continue; }
    packages+=("$pkg")
    [[ $so =~ $GLIBC ]] && continue   # glibc: the hook cannot run without it anyway
    grep -q "^    \"$so\": \"$pkg\",$" "$HOOK" ||
        problems+=("$so ($pkg) is not in SYSTEM_LIBRARIES in $HOOK")
done
if ((${#problems[@]})); then
    printf '  %s\n' "${problems[@]}" >&2
    die "the bundle needs libraries the package cannot name (above)"
fi
# The highest glibc symbol version any ELF file asks for: the floor for libc6.
glibc=$(for f in "${elfs[@]}"; do objdump -T "$f" 2>/dev/null; done |
        grep -o 'GLIBC_[0-9.]*[0-9]' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
depends=$(printf '%s\n' "${packages[@]}" | sort -u | sed "s/^libc6$/libc6 (>= $glibc)/" |
          paste -sd, | sed 's/,/, /g')
phase "Depends from ${#elfs[@]} ELF files, $(wc -w <<<"$from_os") libraries from the OS: $depends"

# 3. The package --------------------------------------------------------------------------
ROOT=$WORK/root
rm -rf "$ROOT" && mkdir -p "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/DEBIAN"
cp -al "$BUNDLE" "$ROOT/opt/dmc-units" 2>/dev/null || cp -a "$BUNDLE" "$ROOT/opt/dmc-units"
ln -s /opt/dmc-units/dmc-units "$ROOT/usr/bin/dmc-units"
ln -s /opt/dmc-units/dmc-units-cli "$ROOT/usr/bin/dmc-units-cli"
ICON=resources/icons/dmc-units.png
read -r width height < <(od -An -tu1 -j16 -N8 "$ICON" |
    awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
[[ $width == "$height" ]] || die "$ICON is ${width}x$height: the icon theme wants a square"
install -D -m 644 "$ICON" "$ROOT/usr/share/icons/hicolor/${width}x$height/apps/dmc-units.png"
install -D -m 644 packaging/deb/dmc-units.desktop "$ROOT/usr/share/applications/dmc-units.desktop"
cat >"$ROOT/DEBIAN/control" <<EOF
Package: dmc-units
Version: $VERSION
Architecture: amd64
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --apparent-size "$ROOT" | cut -f1)
Depends: $depends
Section: misc
Priority: optional
Description: billing-unit calculator for DMC-ODS, ECM and Community Supports
 An offline desktop calculator for California DMC-ODS, ECM and Community
 Supports clinicians: the billing units of a service from its code,
 discipline and minutes, with each rule's source named. It also audits EHR
 spreadsheet exports line by line (dmc-units-cli, for QA reviewers).
 .
 It needs no network and stores nothing about a client.
EOF
rm -f "$DEB"
# zstd: 3 s here against 47 s for xz (31 MB) and 7 s for gzip (43 MB). Every dpkg that can
# meet the libc6 floor unpacks it (Debian 12's 1.21.22; Ubuntu's since 21.10).
dpkg-deb --root-owner-group -Zzstd -z9 --build "$ROOT" "$DEB" >/dev/null
rm -rf "$ROOT"
phase "built $DEB ($(du -h "$DEB" | cut -f1))"

((CHROOT_TEST)) || { say "done in $((SECONDS - START)) s (chroot test skipped)"; exit 0; }

# 4. The test in a bare Debian 12 ---------------------------------------------------------
BASE=$WORK/bookworm-minbase.tar.zst   # the debootstrap result, made once
CACHE=$WORK/apt-cache                 # apt's downloads and lists, kept between runs
CH=$WORK/chroot
cleanup() {   # unmount whatever is mounted in the chroot (a killed run's too), then delete it
    local abs m
    [[ -d $CH ]] || return 0
    abs=$(realpath "$CH")
    for m in $(awk -v p="$abs/" 'index($2, p) == 1 {print $2}' /proc/mounts | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m" || true
    done
    # only once nothing is mounted in it (else rm would reach the host's /proc or the cache)
    grep -q " $abs/" /proc/mounts || rm -rf --one-file-system "$CH"
}
trap cleanup EXIT
cleanup
if [[ ! -f $BASE ]]; then
    say "making a bare Debian 12 with debootstrap --variant=minbase (about 1 minute, once)"
    mkdir -p "$CH"
    debootstrap --variant=minbase bookworm "$CH" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 ||
        { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log: $WORK/debootstrap.log)"; }
    chroot "$CH" apt-get clean
    tar -C "$CH" --zstd -cf "$BASE.tmp" . && mv "$BASE.tmp" "$BASE"
    phase "bare Debian 12 made and cached in $BASE"
else
    mkdir -p "$CH"
    tar -C "$CH" --zstd -xf "$BASE"
    phase "bare Debian 12 unpacked from $BASE"
fi
mkdir -p "$CACHE/archives/partial" "$CACHE/lists/partial"
mount -t proc proc "$CH/proc"
mount --bind "$CACHE/archives" "$CH/var/cache/apt/archives"
mount --bind "$CACHE/lists" "$CH/var/lib/apt/lists"
cp /etc/resolv.conf "$CH/etc/resolv.conf"
# Like an ssh session or a service: no LANG, no display, a plain PATH.
run() {   # run [--user NAME] COMMAND...: in the chroot, with a clean environment
    local spec=() home=/root
    if [[ $1 == --user ]]; then spec=(--userspec="$2:$2"); home=/home/$2; shift 2; fi
    chroot "${spec[@]}" "$CH" /usr/bin/env -i HOME="$home" \
        PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin "$@"
}
check() {   # check WHAT EXPECTED-EXIT EXPECTED-OUTPUT -- [--user NAME] COMMAND...
    # EXPECTED-OUTPUT: an extended regex for stdout and stderr together, all of it
    local what=$1 want_rc=$2 want=$3 out rc=0
    shift 4
    out=$(run "$@" 2>&1) || rc=$?
    if [[ $rc != "$want_rc" || ! $out =~ ^($want)$ ]]; then
        printf '%s\n' "$out" | sed 's/^/  | /' >&2
        die "FAILED: $what (exit $rc, expected $want_rc and the output $want)"
    fi
    say "ok: $what"
}

# The bundle copied in alone: the window's program names the packages in one line; the CLI
# needs none of them.
cp -a "$BUNDLE" "$CH/tmp/dmc-units"
check "the bare bundle says in one line what to install" 1 \
    'dmc-units cannot start: system libraries it needs are missing \([^)]*\); on Debian or Ubuntu install them with: sudo apt install [a-z0-9. +-]*' -- /tmp/dmc-units/dmc-units --self-check
check "the bare bundle's CLI works without them" 0 'Claimable: H0034, 7 units
.*' -- /tmp/dmc-units/dmc-units-cli calc --code H0034 --discipline RN --minutes 100
rm -rf "$CH/tmp/dmc-units"
phase "bare bundle checked"

cp "$DEB" "$CH/tmp/"
run apt-get update -q >"$WORK/apt.log" 2>&1 || { tail "$WORK/apt.log" >&2; die "apt-get update failed"; }
# Depends alone must be enough: no Recommends.
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "/tmp/${DEB##*/}" desktop-file-utils >>"$WORK/apt.log" 2>&1 ||
    { tail -n 20 "$WORK/apt.log" >&2; die "apt-get install of the .deb failed (log: $WORK/apt.log)"; }
phase "installed with its Depends ($(grep -c '^Unpacking' "$WORK/apt.log") packages; apt's log: $WORK/apt.log)"

# desktop-file-validate's hints (MedicalSoftware "can be extended with" Science) are not faults
check "the menu entry is valid" 0 '' -- sh -c \
    'out=$(desktop-file-validate "$1"); rc=$?; echo "$out" | grep -v ": hint: "; exit $rc' \
    sh /usr/share/applications/dmc-units.desktop
check "dmc-units --self-check as root, no LANG, no display" 0 \
    'self-check ok: app [^ ]+, rules [^ ]+, Claimable: H0034, 7 units' -- env QT_QPA_PLATFORM=offscreen dmc-units --self-check
check "dmc-units-cli calc as root" 0 'Claimable: H0034, 7 units
.*' -- dmc-units-cli calc --code H0034 --discipline RN --minutes 100
run useradd --create-home clinician
check "dmc-units --self-check as a user" 0 \
    'self-check ok: app [^ ]+, rules [^ ]+, Claimable: H0034, 7 units' -- --user clinician env QT_QPA_PLATFORM=offscreen dmc-units --self-check
check "dmc-units-cli calc as a user" 0 'Claimable: H0034, 7 units
.*' -- --user clinician dmc-units-cli calc --code H0034 --discipline RN --minutes 100
check "without a display the window's program says so in one line" 1 \
    'dmc-units: no display to open the window on [^
]*' -- --user clinician dmc-units
# One library gone (the one Qt 6.5 and later asks for by name): still one line, not Qt's abort.
run dpkg --remove --force-depends libxcb-cursor0 >>"$WORK/apt.log" 2>&1
check "without libxcb-cursor0 the window's program says so in one line" 1 \
    'dmc-units cannot start: system libraries it needs are missing \(libxcb-cursor.so.0\); on Debian or Ubuntu install them with: sudo apt install libxcb-cursor0' \
    -- dmc-units
phase "installed package checked"

run env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q dmc-units >>"$WORK/apt.log" 2>&1 ||
    die "apt-get remove failed (log: $WORK/apt.log)"
left=$(cd "$CH" && ls -d opt/dmc-units usr/bin/dmc-units usr/bin/dmc-units-cli \
       usr/share/applications/dmc-units.desktop usr/share/icons/hicolor/*/apps/dmc-units.png \
       2>/dev/null || true)
[[ -z $left ]] || die "FAILED: apt-get remove left $left"
say "ok: apt-get remove left nothing in /opt/dmc-units, /usr/bin or /usr/share"
phase "removed"
cleanup
say "done in $((SECONDS - START)) s: $DEB"
