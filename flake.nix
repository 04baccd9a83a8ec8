{
  description = "qg: a checker and language server for flake-based NixOS fleets";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs, ... }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
      version = (builtins.fromTOML (builtins.readFile ./Cargo.toml)).workspace.package.version;

      # Both binaries from the workspace, pinned by Cargo.lock. Tests need the real Nix and
      # Python tools, so they run in CI (tests/run-all.sh), not in the sandbox.
      qgFor = pkgs:
        pkgs.rustPlatform.buildRustPackage {
          pname = "qg";
          inherit version;
          src = self;
          cargoLock.lockFile = ./Cargo.lock;
          cargoBuildFlags = [ "--package" "qg-check" "--package" "qg-lsp" ];
          doCheck = false;
          meta = {
            description = "Checker for flake-based NixOS fleets";
            mainProgram = "qg-check";
            license = with pkgs.lib.licenses; [ mit asl20 ];
          };
        };

      # The files the hook looks at: Nix modules, sops files, qg's configuration.
      hookFiles = "(\\.nix|(^|/)\\.sops\\.yaml|(^|/)secrets/.*\\.(ya?ml|json)|(^|/)qg\\.toml)$";
    in {
      packages = forAllSystems (pkgs: {
        default = qgFor pkgs;
        qg = qgFor pkgs;
      });

      apps = forAllSystems (pkgs: {
        default = self.apps.${pkgs.stdenv.hostPlatform.system}.qg-check;
        qg-check = {
          type = "app";
          program = "${qgFor pkgs}/bin/qg-check";
        };
        qg-lsp = {
          type = "app";
          program = "${qgFor pkgs}/bin/qg-lsp";
        };
      });

      overlays.default = final: _prev: { qg = qgFor final; };

      # For NVF users: `vim.qg.enable = true;` (see editors/nvf/module.nix).
      nvfModules.default = import ./editors/nvf/module.nix { qgPackages = self.packages; };

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = with pkgs; [ cargo rustc rustfmt clippy rust-analyzer nix python3 git ];
        };
      });

      # `nix flake check` runs qg on the bundled example fleet, which must stay clean.
      checks = forAllSystems (pkgs: {
        example-fleet = pkgs.runCommand "qg-check-example-fleet" { } ''
          ${qgFor pkgs}/bin/qg-check ${./examples/qgroget}
          touch $out
        '';
      });

      # For git-hooks.nix users:
      #   hooks.qg-check = qg.gitHooks.${system}.qg-check // { enable = true; };
      gitHooks = forAllSystems (pkgs: {
        qg-check = {
          name = "qg-check";
          entry = "${qgFor pkgs}/bin/qg-check";
          files = hookFiles;
          pass_filenames = true;
          require_serial = true;
        };
      });
    };
}
