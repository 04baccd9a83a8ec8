[ (map (x: x * 2) [ 1 2 3 ]) (map toString [ 1 2 ]) (map (x: x) [ ]) ]
