# Lists compare lexicographically, element by element.
[ ([ 1 2 ] < [ 1 3 ]) ([ 1 2 ] < [ 1 2 0 ]) ([ ] < [ 1 ]) ([ 2 ] > [ 1 9 9 ]) ([ "a" 1 ] < [ "a" 2 ]) ([ 1 2 ] <= [ 1 2 ]) ]
