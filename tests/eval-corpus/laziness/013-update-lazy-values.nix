({ a = throw "replaced"; b = 1; } // { a = 2; }).a
