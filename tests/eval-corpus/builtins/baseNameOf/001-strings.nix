map baseNameOf [ "/usr/bin/env" "file.txt" "dir/" "/" "" "a//b" ]
