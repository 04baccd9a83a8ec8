# An unused with-scope expression is never evaluated.
with (throw "scope"); 42
