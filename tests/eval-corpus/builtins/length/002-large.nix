builtins.length (builtins.genList (x: x) 12345)
