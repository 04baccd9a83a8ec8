builtins.concatMap (x: if x > 2 then [ x ] else [ ]) [ 1 2 3 4 ]
