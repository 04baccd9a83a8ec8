# The NVF configuration of tests/lsp/test_nvf.py: NVF's stand-in, qg's `nvfModules.default`
# taken from this repository's flake.nix, and the user's module, evaluated by the real Nix:
#   nix-instantiate --eval --strict --json tests/lsp/nvf/eval.nix \
#     --argstr qgOut <dir with bin/qg-lsp> --argstr userModule <absolute path of a .nix file>
# The result is `config.vim.lsp` (`enable` and `servers`), which NVF turns into Lua.
{ qgOut, userModule, system ? "x86_64-linux" }:
let
  lib = import ../../../analyzer/nixos/src/modules/lib;
  evalModules = import ./eval-modules.nix { inherit lib; };

  # What `qg.packages.${system}.default` is to the module: a derivation whose output holds
  # bin/qg-lsp. Here the output is a directory the test links to target/debug/qg-lsp.
  qg = {
    type = "derivation";
    name = "qg";
    outPath = qgOut;
    meta.mainProgram = "qg-check";
  };

  # The flake's outputs with `self.packages` stubbed: `nixpkgs` is not needed (nor
  # available offline) for `nvfModules`.
  outputs = (import ../../../flake.nix).outputs {
    self = { packages.${system}.default = qg; };
    nixpkgs = throw "nixpkgs is not available to this test";
  };

  pkgs = { stdenv.hostPlatform.system = system; };

  nvf = evalModules {
    modules = [ ./nvf-stub.nix outputs.nvfModules.default userModule ];
    specialArgs = { inherit pkgs; };
  };
in
nvf.config.vim.lsp
