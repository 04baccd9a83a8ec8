./../data/hello.txt
