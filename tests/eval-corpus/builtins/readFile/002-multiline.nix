builtins.readFile ../../data/multiline.txt
