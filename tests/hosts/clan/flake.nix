# clan-core: machines from the inventory and from the folders of machines/.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };
  outputs = { self, clan-core, ... }:
    let
      clan = clan-core.lib.clan {
        inherit self;
        meta.name = "example";
        inventory.machines = {
          a.deploy.targetHost = "root@a";
          mac.machineClass = "darwin";
        };
      };
    in
    {
      inherit (clan.config) nixosConfigurations;
    };
}
