map (x: builtins.trace "visiting ${toString x}" (x * 2)) [ 1 2 ]
