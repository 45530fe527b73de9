"""macOS: the Info.plist of Familiar.app and `build_dmg.sh` (run on a Mac)."""
