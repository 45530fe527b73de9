"""Linux: the .deb built with dpkg-deb from the one-dir bundle."""
