# Users and groups.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption mkDefault mkIf types;
  cfg = config.users;
  ids = config.ids;

  userOpts = { name, config, ... }: {
    options = {
      name = mkOption {
        type = types.str;
        description = "The user's name (by default the attribute name).";
      };
      description = mkOption {
        type = types.str;
        default = "";
        example = "Alice Q. User";
        description = "A short description of the user (the GECOS field).";
      };
      uid = mkOption {
        type = types.nullOr types.int;
        default = null;
        description = "The user's id; chosen when the system is activated if null.";
      };
      isSystemUser = mkOption {
        type = types.bool;
        default = false;
        description = "Whether the user is a system user (a service's).";
      };
      isNormalUser = mkOption {
        type = types.bool;
        default = false;
        description = "Whether the user is a person's account (home in /home, group `users`).";
      };
      group = mkOption {
        type = types.str;
        default = "";
        description = "The user's primary group.";
      };
      extraGroups = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Other groups the user is a member of.";
      };
      home = mkOption {
        type = types.path;
        default = "/var/empty";
        description = "The user's home directory.";
      };
      createHome = mkOption {
        type = types.bool;
        default = false;
        description = "Whether the home directory is created when missing.";
      };
      shell = mkOption {
        type = types.nullOr (types.either types.package types.path);
        default = pkgs.shadow;
        defaultText = lib.literalExpression "pkgs.shadow";
        description = "The user's login shell.";
      };
      packages = mkOption {
        type = types.listOf types.package;
        default = [ ];
        description = "Packages in the user's profile.";
      };
      hashedPassword = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "The user's password hash.";
      };
    };
    config = lib.mkMerge [
      { name = mkDefault name; }
      (mkIf config.isNormalUser {
        group = mkDefault "users";
        createHome = mkDefault true;
        home = mkDefault "/home/${config.name}";
      })
    ];
  };

  groupOpts = { name, ... }: {
    options = {
      name = mkOption {
        type = types.str;
        default = name;
        description = "The group's name (by default the attribute name).";
      };
      gid = mkOption {
        type = types.nullOr types.int;
        default = null;
        description = "The group's id; chosen when the system is activated if null.";
      };
      members = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Users who are members of the group.";
      };
    };
  };

  systemLike = user: user.isSystemUser || (user.uid != null && user.uid < 1000);
in
{
  options.users = {
    mutableUsers = mkOption {
      type = types.bool;
      default = true;
      description = "Whether users and groups may be changed outside the configuration.";
    };
    users = mkOption {
      type = types.attrsOf (types.submodule userOpts);
      default = { };
      example = { alice = { isNormalUser = true; extraGroups = [ "wheel" ]; }; };
      description = "The user accounts.";
    };
    groups = mkOption {
      type = types.attrsOf (types.submodule groupOpts);
      default = { };
      description = "The groups.";
    };
  };

  config = {
    users.users.root = {
      uid = ids.uids.root;
      description = "System administrator";
      home = "/root";
      group = "root";
    };
    users.groups = {
      root.gid = ids.gids.root;
      wheel.gid = ids.gids.wheel;
      users.gid = ids.gids.users;
      nogroup.gid = ids.gids.nogroup;
    };
    assertions = lib.concatLists (lib.mapAttrsToList (_: user: [
      {
        assertion = (systemLike user) != user.isNormalUser;
        message = "users.users.${user.name}: set exactly one of isSystemUser and isNormalUser.";
      }
      {
        assertion = user.group != "";
        message = "users.users.${user.name}.group is not set; give the user a group of its own.";
      }
    ]) cfg.users);
  };
}
