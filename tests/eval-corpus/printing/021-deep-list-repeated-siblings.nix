let row = [ 0 0 0 ]; in
[ row row row ]
