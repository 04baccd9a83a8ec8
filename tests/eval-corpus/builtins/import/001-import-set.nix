let lib = import ../../data/lib.nix; in
[ lib.name (lib.double 21) lib.nested.deep.value ((lib.compose lib.double lib.double) 3) ]
