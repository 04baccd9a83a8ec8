[ (builtins.seq 1 2) (builtins.seq [ (throw "lazy element") ] "whnf only") ]
