builtins.head [ 1 (throw "tail element") ]
