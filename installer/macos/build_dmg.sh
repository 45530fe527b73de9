#!/usr/bin/env bash
# Build dist/Familiar-<version>.dmg on a Mac: the app bundle, then a drag-to-Applications disk image.
#
#   installer/macos/build_dmg.sh
#
# Optional, for a release people can open without a Gatekeeper warning:
#   CODESIGN_IDENTITY="Developer ID Application: Name (TEAMID)"  sign the app (hardened runtime) and the dmg
#   NOTARY_PROFILE=<keychain profile>   notarize and staple (xcrun notarytool store-credentials <profile> first)
# Needs: Python 3.11+ (python3 on PATH, or PYTHON=...), Xcode command line tools (hdiutil, codesign, xcrun).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ "$(uname -s)" != "Darwin" ]]; then
    echo "build_dmg.sh runs on macOS only" >&2
    exit 2
fi
PYTHON="${PYTHON:-python3}"

# 1. The bundle (dist/Familiar.app), checked with --version and --self-test by build.py.
"$PYTHON" -m installer.build
version="$("$PYTHON" -c 'from installer import project; print(project.version())')"
app="dist/Familiar.app"
[[ -d "$app" ]] || { echo "$app missing" >&2; exit 1; }
plist_version="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$app/Contents/Info.plist")"
[[ "$plist_version" == "$version" ]] || { echo "Info.plist says $plist_version, pyproject $version" >&2; exit 1; }
"$app/Contents/MacOS/Familiar" --self-test

# 2. Signing (optional): every Mach-O inside, then the app, with the hardened runtime.
if [[ -n "${CODESIGN_IDENTITY:-}" ]]; then
    codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
fi

# 3. The disk image: the app and a link to /Applications, compressed (UDZO).
staging="build/dmg"
dmg="dist/Familiar-${version}.dmg"
rm -rf "$staging" "$dmg"
mkdir -p "$staging"
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Familiar ${version}" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [[ -n "${CODESIGN_IDENTITY:-}" ]]; then
    codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$dmg"
fi
# 4. Notarization (optional; needs the signature above).
if [[ -n "${NOTARY_PROFILE:-}" ]]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
fi
echo "Built $dmg"
