[ (baseNameOf /a/b/c.txt) (baseNameOf "x/y/z") (baseNameOf "trailing/") (baseNameOf "/") (baseNameOf "plain") ]
