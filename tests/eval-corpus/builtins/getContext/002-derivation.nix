# Contexts tell outputs of a derivation from the derivation itself and from sources.
let
  d = derivation { name = "c"; builder = "b"; system = "s"; outputs = [ "out" "bin" ]; };
in
[
  (builtins.getContext d.outPath)
  (builtins.getContext "${d.bin} ${d.drvPath}")
  (builtins.getContext (builtins.unsafeDiscardOutputDependency d.drvPath))
  (builtins.getContext "${../../data/hello.txt}")
]
