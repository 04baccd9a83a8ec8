# nixpkgs' lib with home-manager's own functions under `lib.hm`.
nixpkgsLib:
nixpkgsLib // { hm = import ./. { lib = nixpkgsLib; }; }
