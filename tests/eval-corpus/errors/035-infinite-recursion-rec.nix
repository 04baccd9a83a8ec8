# error: infinite-recursion
(rec { a = a; }).a
