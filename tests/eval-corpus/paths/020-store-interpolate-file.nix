# Interpolating a path literal copies the file into the Nix store and yields the store path.
"${../data/hello.txt}"
