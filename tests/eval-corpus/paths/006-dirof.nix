[ (dirOf /a/b/c) (dirOf /a) (dirOf "a/b") (dirOf "abc") (dirOf "/") (dirOf "/x") ]
