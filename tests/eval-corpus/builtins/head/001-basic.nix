[ (builtins.head [ 1 2 3 ]) (builtins.head [ [ "nested" ] ]) ]
