# The fleet's own backups: the paths each backup job saves.
{ lib, ... }:
{
  options.qgroget.backups = lib.mkOption {
    type = lib.types.attrsOf (lib.types.submodule {
      options.paths = lib.mkOption {
        type = lib.types.listOf lib.types.str;
        default = [ ];
        description = "The paths saved.";
      };
    });
    default = { };
    description = "Backup jobs.";
  };
}
