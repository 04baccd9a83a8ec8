[ (builtins.split "(a)|b" "xaybz") (builtins.split "(,)?" "ab") (builtins.split "x" "") ]
