# `inherit ;` with no names is allowed.
let x = 1; in { inherit; y = x; }
