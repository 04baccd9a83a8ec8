# Uses free variables supplied by builtins.scopedImport.
{ sum = foo + bar; product = foo * bar; }
