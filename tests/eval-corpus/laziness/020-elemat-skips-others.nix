builtins.elemAt [ (throw "0") (throw "1") "two" ] 2
