[ (builtins.concatStringsSep "/" [ "only" ]) (builtins.concatStringsSep "," [ "" "" "" ]) ]
