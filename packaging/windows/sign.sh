#!/usr/bin/env bash
# Sign a Windows executable in place with Authenticode (osslsigncode, SHA-256), then
# verify the signature. Used by build.sh for dmc-units.exe, dmc-units-cli.exe, the
# uninstaller (from makensis) and the setup; IT can run it on a setup built elsewhere:
#   DMC_SIGN_PFX=/path/cert.pfx DMC_SIGN_PASSWORD=... packaging/windows/sign.sh FILE.exe
# Optional: DMC_SIGN_CAFILE   the CA certificate(s) (PEM) that verify checks the chain
#                             against (default: the system's, /etc/ssl/certs)
#           DMC_SIGN_TIMESTAMP_URL  an RFC 3161 time-stamping server: the signature then
#                             stays valid after the certificate expires (needs network)
# The password reaches osslsigncode in a file only this user can read (-readpass; osslsigncode
# 2.5, Debian 12's own, cannot read it from standard input), never on a command line.
set -euo pipefail

file=${1:?usage: sign.sh FILE.exe [NAME to show]}
name=${2:-$(basename "$file")}
: "${DMC_SIGN_PFX:?DMC_SIGN_PFX names no certificate (.pfx)}"
[[ -f $DMC_SIGN_PFX ]] || { echo "sign: no such certificate file: $DMC_SIGN_PFX" >&2; exit 1; }

tmp=$file.signing
rm -f "$tmp"
secret=$(umask 077 && mktemp -d)
trap 'rm -rf "$secret"' EXIT
printf '%s' "${DMC_SIGN_PASSWORD:-}" >"$secret/password"
args=(sign -pkcs12 "$DMC_SIGN_PFX" -readpass "$secret/password" -h sha256 -n "DMC units")
[[ -n ${DMC_SIGN_TIMESTAMP_URL:-} ]] && args+=(-ts "$DMC_SIGN_TIMESTAMP_URL")
if ! out=$(osslsigncode "${args[@]}" -in "$file" -out "$tmp" 2>&1); then
    rm -f "$tmp"
    echo "$out" >&2
    echo "sign: osslsigncode could not sign $file (above)" >&2
    exit 1
fi
mv -f "$tmp" "$file"

verify=(verify -in "$file")
[[ -n ${DMC_SIGN_CAFILE:-} ]] && verify+=(-CAfile "$DMC_SIGN_CAFILE")
if ! out=$(osslsigncode "${verify[@]}" 2>&1); then
    echo "$out" >&2
    echo "sign: the signature of $file does not verify (above)" >&2
    exit 1
fi
echo "signed and verified: $name ($(grep -m1 -o 'Subject: .*' <<<"$out" || echo SHA-256))"
