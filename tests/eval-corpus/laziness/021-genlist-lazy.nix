builtins.elemAt (builtins.genList (i: if i == 3 then throw "three" else i * i) 10) 7
