# tryEval only forces to WHNF: errors nested inside are not caught (and not forced here).
let r = builtins.tryEval { a = throw "inner"; }; in
[ r.success (builtins.attrNames r.value) ]
