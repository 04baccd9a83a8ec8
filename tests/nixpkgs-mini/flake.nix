{
  description = "qg's miniature nixpkgs (tests only)";
  outputs = { self }: {
    lib = (import ./lib).extend (final: prev: {
      nixosSystem = args: import ./nixos/lib/eval-config.nix ({ lib = final; system = null; } // args);
    });
  };
}
