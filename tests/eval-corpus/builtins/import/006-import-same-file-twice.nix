let a = import ../../data/lib.nix; b = import ../../data/lib.nix; in
[ (a.name == b.name) a.nested ]
