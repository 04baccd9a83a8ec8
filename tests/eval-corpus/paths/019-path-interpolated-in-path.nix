# Path literals may contain interpolation (Nix >= 2.4).
let name = "file"; in
baseNameOf ./dir/${name}.txt
