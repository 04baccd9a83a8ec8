builtins.fromJSON "
  {
    \"deep\": [[[[1]]], {\"x\": {\"y\": {\"z\": []}}}]
  }
"
