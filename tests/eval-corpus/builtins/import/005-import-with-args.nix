[ (import ../../data/with-args.nix { b = 5; }) (import ../../data/with-args.nix { a = 1; b = 2; }) ]
