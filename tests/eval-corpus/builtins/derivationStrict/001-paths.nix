# derivationStrict gives the .drv path and one path per output.
builtins.derivationStrict { name = "s"; builder = "b"; system = "x"; outputs = [ "lib" "out" ]; }
