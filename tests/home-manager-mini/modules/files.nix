# Files linked into the home directory (`home.file.<name>`), each from a text or
# a source.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption mkIf mkDefault types;
  fileType = { name, config, ... }: {
    options = {
      enable = mkOption {
        type = types.bool;
        default = true;
        description = "Whether the file is linked.";
      };
      target = mkOption {
        type = types.str;
        default = name;
        defaultText = lib.literalExpression "name";
        description = "The path of the link, relative to the home directory.";
      };
      text = mkOption {
        type = types.nullOr types.lines;
        default = null;
        description = "The file's text; sets `source`.";
      };
      source = mkOption {
        type = types.path;
        description = "The file the link points to.";
      };
      executable = mkOption {
        type = types.nullOr types.bool;
        default = null;
        description = "Whether the file is executable (null: as the source is).";
      };
    };
    config.source = mkIf (config.text != null) (mkDefault (pkgs.writeText name config.text));
  };
in
{
  options.home.file = mkOption {
    type = types.attrsOf (types.submodule fileType);
    default = { };
    description = "Files in the home directory, by name.";
  };
  # Exposed for the modules that add files elsewhere (`xdg.configFile`).
  config._module.args.homeFileType = fileType;
}
