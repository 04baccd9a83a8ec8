{
  description = "QGroget NixOS fleet: two desktops, a homelab server and a small ARM box";

  inputs = {
    nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";

    home-manager = {
      url = "github:nix-community/home-manager";
      inputs.nixpkgs.follows = "nixpkgs";
    };

    stylix = {
      url = "github:danth/stylix";
      inputs.nixpkgs.follows = "nixpkgs";
    };

    hyprland.url = "github:hyprwm/Hyprland";

    sops-nix = {
      url = "github:Mic92/sops-nix";
      inputs.nixpkgs.follows = "nixpkgs";
    };

    disko = {
      url = "github:nix-community/disko";
      inputs.nixpkgs.follows = "nixpkgs";
    };

    impermanence.url = "github:nix-community/impermanence";

    quadlet-nix.url = "github:SEIAROTg/quadlet-nix";

    declarative-jellyfin = {
      url = "github:Sveske-Juice/declarative-jellyfin";
      inputs.nixpkgs.follows = "nixpkgs";
    };

    nvf = {
      url = "github:NotAShelf/nvf";
      inputs.nixpkgs.follows = "nixpkgs";
    };

    chaotic.url = "github:chaotic-cx/nyx/nyxpkgs-unstable";

    nur = {
      url = "github:nix-community/NUR";
      inputs.nixpkgs.follows = "nixpkgs";
    };

    portfolio = {
      url = "github:QGroget/portfolio";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs = {
    self,
    nixpkgs,
    ...
  } @ inputs: let
    inherit (nixpkgs) lib;

    # Tooling for the machine this flake is edited on.
    pkgs = nixpkgs.legacyPackages.x86_64-linux;

    # Applied to every host.
    commonModules = [
      inputs.home-manager.nixosModules.default
      inputs.stylix.nixosModules.stylix
      inputs.disko.nixosModules.disko
      inputs.sops-nix.nixosModules.sops
      inputs.chaotic.nixosModules.default
      inputs.nur.modules.nixos.default
      inputs.nvf.nixosModules.default
      {
        system.configurationRevision = self.rev or self.dirtyRev or null;
      }
    ];

    # Desktops run with an ephemeral BTRFS root.
    desktopModules = [
      inputs.impermanence.nixosModules.impermanence
    ];

    # The homelab: ephemeral ZFS root, Quadlet containers, media and the website.
    serverModules = [
      inputs.impermanence.nixosModules.impermanence
      inputs.declarative-jellyfin.nixosModules.default
      inputs.quadlet-nix.nixosModules.quadlet
      inputs.portfolio.nixosModules.default
    ];

    mkSystem = {
      hostname,
      system ? "x86_64-linux",
      extraModules ? [],
    }:
      lib.nixosSystem {
        inherit system;
        specialArgs = {inherit inputs hostname;};
        modules = commonModules ++ extraModules ++ [./hosts/${hostname}/configuration.nix];
      };
  in {
    nixosConfigurations = {
      Clovis = mkSystem {
        hostname = "Clovis";
        extraModules = desktopModules;
      };

      Septimius = mkSystem {
        hostname = "Septimius";
        extraModules = desktopModules;
      };

      Server = mkSystem {
        hostname = "Server";
        extraModules = serverModules;
      };

      Cube = mkSystem {
        hostname = "Cube";
        system = "aarch64-linux";
      };
    };

    formatter.x86_64-linux = pkgs.alejandra;

    devShells.x86_64-linux.default = pkgs.mkShell {
      packages = with pkgs; [
        sops
        age
        ssh-to-age
        alejandra
      ];
    };
  };
}
