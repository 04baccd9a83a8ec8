# addErrorContext only matters when an error occurs; otherwise it returns its value.
[ (builtins.addErrorContext "while doing x" 5) (builtins.addErrorContext "ctx" { a = 1; }) ]
