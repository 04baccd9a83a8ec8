map (a: builtins.hashFile a ../../data/empty.txt) [ "md5" "sha1" "sha256" "sha512" ]
