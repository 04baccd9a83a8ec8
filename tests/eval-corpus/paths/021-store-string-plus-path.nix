# string + path also copies the path to the store (path + string does not).
[ ("prefix:" + ../data/tree/a.txt) (../data/tree + "/a.txt") ]
