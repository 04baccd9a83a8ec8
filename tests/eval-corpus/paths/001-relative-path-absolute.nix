# Relative path literals are resolved against the directory of this file.
./some/file.txt
