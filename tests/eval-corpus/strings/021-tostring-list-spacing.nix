# toString on lists joins with spaces; empty lists contribute nothing but still add separators.
[ (toString [ ]) (toString [ [ ] ]) (toString [ 1 [ ] 2 ]) (toString [ null null ]) (toString [ true false ]) ]
