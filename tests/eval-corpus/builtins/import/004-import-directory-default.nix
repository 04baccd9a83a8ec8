import ../../data/dir-default
