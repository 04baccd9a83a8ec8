let f = { }: "called"; g = { ... }: "any"; in
[ (f { }) (g { }) (g { x = 1; }) ]
