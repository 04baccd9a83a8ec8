[ (toString [ 1 2 3 ]) (toString [ "a" [ "b" [ "c" ] ] ]) (toString [ ]) ]
