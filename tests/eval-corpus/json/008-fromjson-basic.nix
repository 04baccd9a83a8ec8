builtins.fromJSON ''{"name": "x", "list": [1, 2.5, "three", null, true, false], "obj": {}}''
