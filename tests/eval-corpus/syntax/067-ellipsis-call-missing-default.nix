let f = { a ? "A", b ? "B", ... }: a + b; in
[ (f { }) (f { b = "x"; }) (f { c = 1; }) ]
