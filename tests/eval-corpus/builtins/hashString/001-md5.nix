[ (builtins.hashString "md5" "") (builtins.hashString "md5" "hello world\n") ]
