(import ../../data/inc.nix) 41
