[ (builtins.functionArgs (x: x)) (builtins.functionArgs ({ }: 1)) ]
