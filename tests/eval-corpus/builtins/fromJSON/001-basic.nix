builtins.fromJSON ''{"a": [1, 2, {"b": null}], "c": "d", "e": 1.25, "f": false}''
