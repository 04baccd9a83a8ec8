# The fixed user and group ids of system users.
{ lib, ... }:
{
  options.ids = {
    uids = lib.mkOption {
      internal = true;
      type = lib.types.attrsOf lib.types.int;
      description = "The user ids of system users.";
    };
    gids = lib.mkOption {
      internal = true;
      type = lib.types.attrsOf lib.types.int;
      description = "The group ids of system groups.";
    };
  };
  config.ids.uids = {
    root = 0;
    webserver = 270;
    snapshotd = 271;
  };
  config.ids.gids = {
    root = 0;
    wheel = 1;
    users = 100;
    webserver = 270;
    nogroup = 65534;
  };
}
