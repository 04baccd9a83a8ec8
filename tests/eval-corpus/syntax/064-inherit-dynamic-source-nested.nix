let s = { inner = { p = 1; q = 2; }; }; in
{ inherit (s.inner) p q; inherit (s) inner; }
