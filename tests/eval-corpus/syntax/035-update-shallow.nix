# `//` is shallow: nested sets are replaced, not merged.
{ x = { p = 1; q = 2; }; y = 0; } // { x = { q = 20; }; }
