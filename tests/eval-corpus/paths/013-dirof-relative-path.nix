baseNameOf (toString (dirOf ./file))
