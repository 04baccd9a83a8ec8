# Printing order (sorted keys) decides which occurrence is printed in full.
let inner = { v = 1; }; outer = { inner = inner; }; in
{ a = outer; b = inner; }
