#!/usr/bin/env bash
# Builds the MSI with wixl, then sets in its tables what wixl 0.101 cannot express:
#   - Upgrade: the older-version row includes the maximum (msidbUpgradeAttributesVersionMaxInclusive,
#     512), so a rebuilt MSI of the same version replaces the installed one instead of installing
#     beside it (wixl ignores IncludeMaximum);
#   - SecureCustomProperties: the public properties, so they reach the elevated server side
#     (wixl has no Property/@Secure).
# Usage: installer/build_msi.sh VERSION EXE_PATH OUT.msi WXS
set -euo pipefail
version="$1" exe="$2" out="$3" wxs="$4"
wixl -a x64 -D Version="$version" -D ExePath="$exe" -o "$out" "$wxs"
tables=$(mktemp -d)
trap 'rm -rf "$tables"' EXIT
msiinfo export "$out" Upgrade > "$tables/Upgrade.idt"
# The row whose ActionProperty is OLDER_VERSION_FOUND: MinInclusive (256) + MaxInclusive (512).
# (msiinfo writes CRLF lines.)
sed -i 's/^\(.*\t\)256\(\t[^\t]*\tOLDER_VERSION_FOUND\r\?\)$/\1768\2/' "$tables/Upgrade.idt"
grep -q $'\t768\t.*OLDER_VERSION_FOUND' "$tables/Upgrade.idt" || { echo "build_msi: Upgrade row not found" >&2; exit 1; }
msiinfo export "$out" Property > "$tables/Property.idt"
sed -i 's/^SecureCustomProperties\t[^\r]*/SecureCustomProperties\tOLDER_VERSION_FOUND;NEWER_VERSION_FOUND;LISTEN_ADDR;LISTEN_PORT;ENABLED_COLLECTORS;CONFIG_FILE;FIREWALL/' \
  "$tables/Property.idt"
msibuild "$out" -i "$tables/Upgrade.idt" -i "$tables/Property.idt"
