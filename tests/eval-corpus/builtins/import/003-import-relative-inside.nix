import ../../data/relative.nix
