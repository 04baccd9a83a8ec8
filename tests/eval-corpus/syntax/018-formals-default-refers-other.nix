# Defaults may refer to other formals (they are in scope of each other).
let f = { x, y ? x * 2, z ? y + 1 }: [ x y z ]; in
[ (f { x = 1; }) (f { x = 1; y = 10; }) ]
