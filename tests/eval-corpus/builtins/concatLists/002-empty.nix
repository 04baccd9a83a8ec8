[ (builtins.concatLists [ ]) (builtins.concatLists [ [ ] [ ] ]) ]
