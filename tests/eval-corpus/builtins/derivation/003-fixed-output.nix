# Fixed-output derivations: the path follows from outputHash (flat and recursive), and a
# dependent derivation hashes them by their content address.
let
  f = derivation {
    name = "f";
    builder = "b";
    system = "s";
    outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    outputHashMode = "recursive";
  };
  g = derivation {
    name = "g";
    builder = "b";
    system = "s";
    outputHashAlgo = "sha256";
    outputHash = "0000000000000000000000000000000000000000000000000000000000000000";
  };
  h = derivation { name = "h"; builder = "${f}"; system = "s"; extra = g; };
in
[ f.outPath f.drvPath g.outPath g.drvPath h.outPath h.drvPath ]
