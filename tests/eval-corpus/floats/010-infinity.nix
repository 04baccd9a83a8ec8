let big = 1.0e308; in
[ (big * 10) (0 - big * 10) ]
