# Home Manager for the main user. Desktop modules add to
# home-manager.users.<username> on their own.
{
  config,
  inputs,
  ...
}: let
  inherit (config.qgroget.user) username;
in {
  home-manager = {
    useGlobalPkgs = true;
    useUserPackages = true;
    backupFileExtension = "hm-backup";
    extraSpecialArgs = {inherit inputs;};

    users.${username} = {
      home = {
        inherit username;
        homeDirectory = "/home/${username}";
        stateVersion = "25.05";
      };

      programs = {
        home-manager.enable = true;

        git = {
          enable = true;
          settings = {
            user = {
              name = "QGroget";
              email = "contact@qgroget.com";
            };
            init.defaultBranch = "main";
            pull.rebase = true;
          };
        };

        zsh = {
          enable = true;
          oh-my-zsh = {
            enable = true;
            theme = "robbyrussell";
            plugins = ["git" "sudo" "z"];
          };
        };
      };
    };
  };
}
